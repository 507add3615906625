import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { inLinkedSpan } from '@wdp/messaging';
import { SERVICE_CONFIG } from '@wdp/platform';
import { DataSource, type EntityManager } from 'typeorm';
import type { MonitoringServiceConfig } from '../../config';
import type { IndicatorArea } from '../../assessment/assessment.repository';
import { AlertQueueRepository, pairKey } from './alert-queue.repository';
import { alertDecisionsForced, alertPairsDecided } from '../../metrics/monitoring-metrics';
import { AssessmentService } from '../../assessment/assessment.service';
import type { TouchedPair } from '../../assessment/recompute-scope';
import { EarliestWake } from './earliest-wake';
import { type DuePair, duePairs, heldForCatchUp, nextDueInMs, type SettleRule } from './settle-rule';

export type { DuePair, SettleRule } from './settle-rule';

/** Pairs still due after a look (another replica holds them, or more were due than a look decides): look again this soon. */
const RETRY_MS = 50;

/**
 * What the settler needs to know of the consumer in this process: whether it has read everything there was on
 * its partitions (consumption/ registers its consumer here; alerts/decision does not import consumption/).
 */
export interface ConsumerProgress {
  caughtUp(): boolean;
}

/** Forced pairs one decision takes at most (see decisionShare). */
export const MAX_FORCED_PER_DECISION = 16;

/**
 * The due pairs one decision claims: pairs whose requests are complete first, then at most MAX_FORCED_PER_DECISION
 * forced ones, each group in random order (shareOf). Under a steady stream of requests the pairs they touch are
 * held until their wait runs out and then come due together, hundreds at once; deciding them in decisions of
 * their own, a few at a time, keeps a pair that is simply due (a return nobody else touches) from waiting
 * behind seconds of their recomputes.
 */
export function decisionShare<T extends { forced: boolean }>(due: readonly T[], max: number, random: () => number = Math.random): T[] {
  const ready = shareOf(due.filter((p) => !p.forced), max, random);
  const forced = shareOf(due.filter((p) => p.forced), Math.min(MAX_FORCED_PER_DECISION, max - ready.length), random);
  return [...ready, ...forced];
}

/**
 * At most `max` of the due pairs, in random order: replicas deciding at the same moment each lock a different
 * share of the due pairs instead of one claiming them all while the others find every pair taken.
 */
export function shareOf<T>(due: readonly T[], max: number, random: () => number = Math.random): T[] {
  const out = [...due];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out.slice(0, max);
}

/** Thrown to roll a decision back: a request touching some of its pairs committed part of itself meanwhile. */
class DecisionOvertaken extends Error {
  constructor(readonly pairs: readonly IndicatorArea[]) {
    super('decision overtaken');
  }
}

interface Claimed {
  pairs: TouchedPair[];
  /** The claimed pairs a request now in part touches (the decision is rolled back if any). */
  overtaken?: () => Promise<IndicatorArea[]>;
  /** Trace contexts of the consumer spans that queued the pairs: the decision span's parent and links. */
  traceparents?: readonly string[];
}

/** Rounds of one decision: a rolled-back decision is retried at once without the pairs that overtook it. */
const DECIDE_ROUNDS = 3;
/** Pairs one decision claims at most; a look with more due decides them in further decisions. */
export const MAX_PAIRS_PER_DECISION = 128;
/** Decisions one look makes at most, so a shutdown never waits long for the look in progress. */
const DECISIONS_PER_LOOK = 8;

/**
 * Decides the alerts of queued indicator × area pairs once their data has settled: the pairs are
 * claimed, re-assessed and their alerts raised or resolved (events to the outbox) in one transaction.
 * Queued pairs survive a crash (the queue is a table written in the batch transaction). Each decision locks
 * its pairs (AssessmentService.lockPairs), so the settlers of several replicas decide disjoint pairs at once.
 *
 * It does not poll for due pairs: one timer is armed for the moment the first queued pair becomes due (read from
 * the queue after each look), and the consumer in this process wakes it after each batch it commits — for the
 * pairs the batch queued, or at once when the consumer has just caught up. Pairs queued by another replica's
 * consumer are found by a slow poll (ALERT_SETTLER_POLL_MS), a fallback for a replica that stopped deciding its own.
 */
@Injectable()
export class AlertSettler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AlertSettler.name);
  private readonly wakeTimer = new EarliestWake(() => this.wake());
  private poll: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  /** Woken while a look was in progress: look again when it ends (what woke it may postdate its read of the queue). */
  private wokenMeanwhile = false;
  private started = false;
  private progress: ConsumerProgress | null = null;
  /** The last look left pairs that were due but for the consumer being behind: its catching up wakes the settler. */
  private heldForCatchUp = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly queue: AlertQueueRepository,
    private readonly assessment: AssessmentService,
    @Inject(SERVICE_CONFIG) private readonly config: MonitoringServiceConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.ALERT_SETTLE_MS <= 0) return;
    this.started = true;
    this.poll = setInterval(() => this.wake(), this.config.ALERT_SETTLER_POLL_MS);
    // Pairs queued before a restart: the first look arms the timer for them.
    this.wake();
  }

  async onApplicationShutdown(): Promise<void> {
    this.started = false;
    if (this.poll) clearInterval(this.poll);
    this.poll = null;
    this.wakeTimer.cancel();
    await this.running;
  }

  /** The consumer whose progress tells when this process has read all there was (without one, never: pairs wait out ALERT_MAX_WAIT_MS). */
  follow(progress: ConsumerProgress): void {
    this.progress = progress;
  }

  /**
   * Called after each batch the consumer committed; `queuedPairs`: whether it queued any. Pairs quiet enough but
   * held only because the consumer was behind are due the moment it catches up (a look in progress may have read
   * it behind: it looks again); pairs just queued are due ALERT_SETTLE_MS from now at the soonest.
   */
  batchCommitted(queuedPairs: boolean): void {
    if (!this.started) return;
    if ((this.heldForCatchUp || this.running) && this.caughtUp()) this.wake();
    if (queuedPairs) this.wakeTimer.in(this.config.ALERT_SETTLE_MS);
  }

  /** Decides every queued pair now, complete or not (tests, shutdown), excluding every other writer. Returns the number of pairs decided. */
  async settleNow(): Promise<number> {
    return this.decide(async (manager) => {
      await this.assessment.lock(manager);
      return { pairs: await this.queue.claim(manager) };
    });
  }

  /**
   * Claims pairs (inside the transaction, which `claim` locks them in), recomputes them and decides their
   * alerts. `overtaken`, checked after the recompute, rolls the decision back when it finds pairs.
   */
  private async decide(claim: (manager: EntityManager) => Promise<Claimed>): Promise<number> {
    let claimedAt = 0;
    let decidedAt = 0;
    const decided = await this.dataSource.transaction(async (manager) => {
      const { pairs, overtaken, traceparents = [] } = await claim(manager);
      if (pairs.length === 0) return [];
      claimedAt = Date.now();
      // One span per decision, a child of the first request that fed it and linked to the others; the alert
      // events and webhook fan-out written below keep its context.
      const summary = await inLinkedSpan('alert decision', { attributes: { 'wdp.alert.pairs': pairs.length } }, traceparents, async (span) => {
        const s = await this.assessment.recompute(manager, pairs);
        span.setAttributes({ 'wdp.alerts.raised': s.alertsRaised, 'wdp.alerts.resolved': s.alertsResolved });
        return s;
      });
      const late = overtaken ? await overtaken() : [];
      if (late.length > 0) throw new DecisionOvertaken(late);
      if (summary.alertsRaised || summary.alertsResolved) {
        this.logger.log(`${pairs.length} settled assessments: ${summary.alertsRaised} alerts raised, ${summary.alertsResolved} resolved`);
      }
      // Before the commit, so [claimedAt, decidedAt] lies within the time the pairs' locks were held.
      decidedAt = Date.now();
      return pairs;
    });
    if (decided.length > 0) {
      alertPairsDecided.inc(decided.length);
      // One line per decision, for checking across replicas that no pair was decided by two at once (npm run test:scale).
      this.logger.debug({ msg: 'alert decision', pairs: decided.map((p) => `${p.indicatorCode} ${p.areaCode}`), claimedAt, decidedAt });
    }
    return decided.length;
  }

  /**
   * Decides due pairs, at most MAX_PAIRS_PER_DECISION of them, among those no other settler holds; returns
   * the number decided and whether more were due. Each statement reads what is committed when it starts, so a
   * batch of a new request committing between the look at the queue and the end of the recompute could be read
   * in part: then the decision is rolled back, and the next look holds those pairs until that request is complete.
   */
  async decideDue(rule: SettleRule = this.rule(), caughtUp: boolean = this.caughtUp()): Promise<{ decided: number; more: boolean }> {
    let forced: DuePair[] = [];
    let decided = 0;
    let more = false;
    // Pairs a new request overtook during an earlier round wait for the next look; the others are decided
    // now, so a busy indicator never holds back the decisions of quiet ones.
    const excluded = new Set<string>();
    for (let round = 0; round < DECIDE_ROUNDS; round++) {
      try {
        decided = await this.decide(async (manager) => {
          const candidates = duePairs(await this.queue.ages(manager), rule, caughtUp).filter((p) => !excluded.has(pairKey(p)));
          const share = decisionShare(candidates, MAX_PAIRS_PER_DECISION);
          more = candidates.length > share.length;
          const locked = new Set((await this.assessment.lockPairs(manager, share)).map(pairKey));
          // Looked at again under the locks: another settler may have decided some of them meanwhile.
          const due = duePairs(await this.queue.ages(manager), rule, caughtUp).filter((p) => locked.has(pairKey(p)));
          forced = due.filter((p) => p.forced);
          const held = due.filter((p) => !p.forced);
          const claimedHeld = await this.queue.claimPairs(manager, held);
          const claimedForced = await this.queue.claimPairs(manager, forced);
          return {
            pairs: [...claimedHeld.pairs, ...claimedForced.pairs],
            overtaken: () => this.queue.overtaken(manager, held, claimedHeld.batchIds),
            traceparents: [...claimedHeld.traceparents, ...claimedForced.traceparents],
          };
        });
        break;
      } catch (err) {
        if (!(err instanceof DecisionOvertaken)) throw err;
        forced = [];
        decided = 0;
        for (const p of err.pairs) excluded.add(pairKey(p));
        this.logger.debug(`alert decision rolled back: a request touching ${err.pairs.length} of its pairs arrived in part meanwhile`);
      }
    }
    if (forced.length) {
      alertDecisionsForced.inc(forced.length);
      const named = forced.slice(0, 5).map((p) => `${p.indicatorCode} ${p.areaCode}`).join(', ');
      this.logger.warn(
        `${forced.length} indicator × area pairs decided on incomplete requests after waiting ${rule.incompleteMaxWaitMs} ms: ${named}${forced.length > 5 ? ', …' : ''}`,
      );
    }
    return { decided, more };
  }

  private rule(): SettleRule {
    const { ALERT_SETTLE_MS, ALERT_SETTLE_BEHIND_MS, ALERT_MAX_WAIT_MS, ALERT_INCOMPLETE_MAX_WAIT_MS } = this.config;
    return {
      settleMs: ALERT_SETTLE_MS,
      behindSettleMs: Math.max(ALERT_SETTLE_MS, ALERT_SETTLE_BEHIND_MS),
      maxWaitMs: ALERT_MAX_WAIT_MS,
      incompleteMaxWaitMs: ALERT_INCOMPLETE_MAX_WAIT_MS,
    };
  }

  private caughtUp(): boolean {
    return this.progress?.caughtUp() ?? false;
  }

  /** Looks at the queue now, or right after the look in progress. */
  private wake(): void {
    if (!this.started) return;
    if (this.running) {
      this.wokenMeanwhile = true;
      return;
    }
    this.running = this.look()
      .catch((err) => {
        this.logger.error(`alert decision failed: ${(err as Error).message}`);
        this.wakeTimer.in(RETRY_MS);
      })
      .finally(() => {
        this.running = null;
        if (this.wokenMeanwhile) {
          this.wokenMeanwhile = false;
          this.wake();
        }
      });
  }

  /** Decides the pairs due, then arms the timer for the first one due later. */
  private async look(): Promise<void> {
    const rule = this.rule();
    let caughtUp = this.caughtUp();
    // A cheap look first: the transaction and the locks only when something is due.
    let ages = await this.queue.ages(this.dataSource);
    if (duePairs(ages, rule, caughtUp).length > 0) {
      for (let i = 0; i < DECISIONS_PER_LOOK; i++) {
        const { decided, more } = await this.decideDue(rule, caughtUp);
        if (!more || decided === 0) break;
      }
      caughtUp = this.caughtUp();
      ages = await this.queue.ages(this.dataSource);
    }
    this.heldForCatchUp = heldForCatchUp(ages, rule, caughtUp);
    this.wakeTimer.in(duePairs(ages, rule, caughtUp).length > 0 ? RETRY_MS : nextDueInMs(ages, rule, caughtUp));
  }
}
