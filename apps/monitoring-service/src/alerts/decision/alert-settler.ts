import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { inLinkedSpan } from '@wdp/messaging';
import { SERVICE_CONFIG } from '@wdp/platform';
import { DataSource, type EntityManager } from 'typeorm';
import type { MonitoringServiceConfig } from '../../config';
import type { IndicatorArea } from '../../assessment/assessment.repository';
import { AlertQueueRepository, pairKey, type QueuedPairAge } from './alert-queue.repository';
import { alertDecisionsForced, alertPairsDecided } from '../../metrics/monitoring-metrics';
import { AssessmentService } from '../../assessment/assessment.service';
import type { TouchedPair } from '../../assessment/recompute-scope';

const POLL_MS = 50;

export interface SettleRule {
  /** A pair whose requests are complete is decided once its data has been quiet this long… */
  settleMs: number;
  /** …or once it has waited this long under a continuous stream of changes. */
  maxWaitMs: number;
  /** A pair a still-incomplete request touched waits for the rest of it, at most this long. */
  incompleteMaxWaitMs: number;
}

export interface DuePair extends IndicatorArea {
  /** Decided although a request that touched it is still incomplete (its wait ran out). */
  forced: boolean;
}

/**
 * The pairs to decide now. A pair touched by a request not yet applied in full is held: deciding it would
 * judge part of that request (a women's share at 100 % while only the women's records are in). Once its
 * requests are complete, it is decided when its own data has been quiet for `settleMs`, or after `maxWaitMs`
 * under a continuous stream of changes — per pair, so an indicator nobody else touches is decided `settleMs`
 * after its change however busy the rest of the system is. A request that never completes (events lost to the
 * dead-letter topic) holds its pairs for `incompleteMaxWaitMs` at most; then they are decided anyway (`forced`).
 */
export function duePairs(ages: readonly QueuedPairAge[], rule: SettleRule): DuePair[] {
  return ages
    .filter((a) => (a.incomplete ? a.waitedMs >= rule.incompleteMaxWaitMs : a.idleMs >= rule.settleMs || a.waitedMs >= rule.maxWaitMs))
    .map(({ indicatorCode, areaCode, incomplete }) => ({ indicatorCode, areaCode, forced: incomplete }));
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

/** Rounds of one tick: a rolled-back decision is retried at once without the pairs that overtook it. */
const DECIDE_ROUNDS = 3;
/** Pairs one decision claims at most; a tick with more due decides them in further decisions. */
export const MAX_PAIRS_PER_DECISION = 128;
/** Decisions one tick makes at most, so a shutdown never waits long for the tick in progress. */
const DECISIONS_PER_TICK = 8;

/**
 * Decides the alerts of queued indicator × area pairs once their data has settled: the pairs are
 * claimed, re-assessed and their alerts raised or resolved (events to the outbox) in one transaction.
 * Queued pairs survive a crash (the queue is a table written in the batch transaction). Each decision locks
 * its pairs (AssessmentService.lockPairs), so the settlers of several replicas decide disjoint pairs at once.
 */
@Injectable()
export class AlertSettler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AlertSettler.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly queue: AlertQueueRepository,
    private readonly assessment: AssessmentService,
    @Inject(SERVICE_CONFIG) private readonly config: MonitoringServiceConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.ALERT_SETTLE_MS > 0) this.timer = setInterval(() => this.tick(), POLL_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
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
   * in part: then the decision is rolled back, and the next tick holds those pairs until that request is complete.
   */
  async decideDue(rule: SettleRule = this.rule()): Promise<{ decided: number; more: boolean }> {
    let forced: DuePair[] = [];
    let decided = 0;
    let more = false;
    // Pairs a new request overtook during an earlier round wait for the next tick; the others are decided
    // now, so a busy indicator never holds back the decisions of quiet ones.
    const excluded = new Set<string>();
    for (let round = 0; round < DECIDE_ROUNDS; round++) {
      try {
        decided = await this.decide(async (manager) => {
          const candidates = duePairs(await this.queue.ages(manager), rule).filter((p) => !excluded.has(pairKey(p)));
          more = candidates.length > MAX_PAIRS_PER_DECISION;
          const locked = new Set((await this.assessment.lockPairs(manager, shareOf(candidates, MAX_PAIRS_PER_DECISION))).map(pairKey));
          // Looked at again under the locks: another settler may have decided some of them meanwhile.
          const due = duePairs(await this.queue.ages(manager), rule).filter((p) => locked.has(pairKey(p)));
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
    return { settleMs: this.config.ALERT_SETTLE_MS, maxWaitMs: this.config.ALERT_MAX_WAIT_MS, incompleteMaxWaitMs: this.config.ALERT_INCOMPLETE_MAX_WAIT_MS };
  }

  private tick(): void {
    if (this.running) return;
    this.running = (async () => {
      const rule = this.rule();
      // A cheap look first: the transaction and the lock only when something is due.
      if (duePairs(await this.queue.ages(this.dataSource), rule).length === 0) return;
      for (let i = 0; i < DECISIONS_PER_TICK; i++) {
        const { decided, more } = await this.decideDue(rule);
        if (!more || decided === 0) break;
      }
    })()
      .catch((err) => this.logger.error(`alert decision failed: ${(err as Error).message}`))
      .finally(() => {
        this.running = null;
      });
  }
}
