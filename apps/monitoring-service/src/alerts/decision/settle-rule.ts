import type { IndicatorArea } from '../../assessment/assessment.repository';
import type { QueuedPairAge } from './alert-queue.repository';

export interface SettleRule {
  /** A pair whose requests are complete is decided once its data has been quiet this long and the consumer has caught up… */
  settleMs: number;
  /** …or, while the consumer is behind, once its data has been quiet this longer time (the rule before the catch-up check)… */
  behindSettleMs: number;
  /** …or once it has waited this long, caught up or not (a continuous stream of changes, a consumer behind). */
  maxWaitMs: number;
  /** A pair a still-incomplete request touched waits for the rest of it, at most this long. */
  incompleteMaxWaitMs: number;
}

export interface DuePair extends IndicatorArea {
  /** Decided although a request that touched it is still incomplete (its wait ran out). */
  forced: boolean;
}

/**
 * Milliseconds until a queued pair is due (0 or less: due now; Infinity: not by the clock alone). A pair touched
 * by a request not yet applied in full is held: deciding it would judge part of that request (a women's share at
 * 100 % while only the women's records are in); it is decided anyway once it has waited `incompleteMaxWaitMs`
 * (events lost to the dead-letter topic). Once its requests are complete, it is due when its own data has been
 * quiet `settleMs` *and* the consumer has read everything there was (`caughtUp`: the events of a burst still on
 * the topics would change it again). While the consumer is behind — under a steady stream it rarely has nothing
 * left to read — the bounded waits of before apply: quiet `behindSettleMs`, or `maxWaitMs` in all. Per pair, so
 * a pair nobody else touches is decided soon after its change however busy the rest of the system is.
 */
export function dueInMs(age: QueuedPairAge, rule: SettleRule, caughtUp: boolean): number {
  if (age.incomplete) return rule.incompleteMaxWaitMs - age.waitedMs;
  return Math.min(rule.maxWaitMs - age.waitedMs, (caughtUp ? rule.settleMs : rule.behindSettleMs) - age.idleMs);
}

/** The pairs to decide now (see dueInMs); `forced` marks those decided on an incomplete request. */
export function duePairs(ages: readonly QueuedPairAge[], rule: SettleRule, caughtUp: boolean): DuePair[] {
  return ages
    .filter((a) => dueInMs(a, rule, caughtUp) <= 0)
    .map(({ indicatorCode, areaCode, incomplete }) => ({ indicatorCode, areaCode, forced: incomplete }));
}

/**
 * Milliseconds until the first of these pairs not due now becomes due by the clock (Infinity: none). The consumer
 * catching up, a request completing or a pair queued again change that; whoever sees them wakes the settler.
 */
export function nextDueInMs(ages: readonly QueuedPairAge[], rule: SettleRule, caughtUp: boolean): number {
  let next = Infinity;
  for (const a of ages) {
    const ms = dueInMs(a, rule, caughtUp);
    if (ms > 0 && ms < next) next = ms;
  }
  return next;
}

/** Whether some pair would be due now but for the consumer being behind: its catching up should wake the settler. */
export function heldForCatchUp(ages: readonly QueuedPairAge[], rule: SettleRule, caughtUp: boolean): boolean {
  return !caughtUp && ages.some((a) => dueInMs(a, rule, true) <= 0 && dueInMs(a, rule, false) > 0);
}
