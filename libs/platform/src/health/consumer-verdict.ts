import type { ConsumerHealthReport } from './consumer-readiness';

/**
 * What readiness makes of a consumer that is not in its group. Readiness decides whether a pod takes HTTP
 * traffic and whether a rollout may go on; it must not remove every replica for a cause they all share.
 *
 * - `ready`: in its group (or out of it for less than the grace) and not stalled.
 * - `waiting`: not ready, but the Kafka cluster does not answer either. Every replica is in the same state,
 *   the supervisor keeps retrying, and the pod still serves queries and takes writes into its outbox:
 *   readiness stays up; `/health/consumer`, `wdp_consumer_member` and the log say what is wrong.
 * - `dead`: not ready while the cluster answers. The fault is this consumer's (a crash that did not recover,
 *   a group it cannot join, a stall): never ready, so a rollout whose new pods cannot consume stops.
 */
export type ConsumerVerdict = 'ready' | 'waiting' | 'dead';

export interface JudgedConsumer extends ConsumerHealthReport {
  verdict: ConsumerVerdict;
}

/**
 * Judges every consumer; `clusterAnswers` is asked at most once, and only when some consumer is not ready
 * (so a healthy readiness probe costs no call to Kafka). A probe that throws counts as "does not answer".
 */
export async function judgeConsumers(reports: ConsumerHealthReport[], clusterAnswers: () => Promise<boolean>): Promise<JudgedConsumer[]> {
  if (reports.every((r) => r.ready)) return reports.map((r) => ({ ...r, verdict: 'ready' }));
  const answers = await clusterAnswers().catch(() => false);
  return reports.map((r) => ({ ...r, verdict: r.ready ? 'ready' : answers ? 'dead' : 'waiting' }));
}
