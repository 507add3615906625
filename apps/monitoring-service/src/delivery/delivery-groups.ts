/** What decides when a subscription's next grouped delivery may be sealed. */
export interface GroupCandidate {
  subscriptionId: string;
  /** The oldest alert change not yet in a delivery. */
  firstPendingAt: Date;
  /** When the subscription's previous delivery was sealed (null: never). */
  lastGroupAt: Date | null;
  groupWaitMs: number;
  groupIntervalMs: number;
}

/**
 * When the changes waiting for a subscription go out together, as Alertmanager groups notifications:
 * a new group waits `groupWaitMs` after its first change (so a burst arrives as one delivery), and a
 * subscription that was just sent something waits `groupIntervalMs` after that delivery. Pure.
 */
export function groupDueAt(c: GroupCandidate): Date {
  const afterWait = c.firstPendingAt.getTime() + c.groupWaitMs;
  const afterInterval = c.lastGroupAt ? c.lastGroupAt.getTime() + c.groupIntervalMs : -Infinity;
  return new Date(Math.max(afterWait, afterInterval));
}

export function dueGroups(candidates: readonly GroupCandidate[], now: Date): string[] {
  return candidates.filter((c) => groupDueAt(c).getTime() <= now.getTime()).map((c) => c.subscriptionId);
}
