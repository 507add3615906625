// What `npm run test:scale` found, the verdict on it and the report it prints. Pure (figures in, text out),
// so the reconciliation rules are unit-tested apart from the run.

export interface Throughput {
  /** Monitoring replicas consuming. */
  replicas: number;
  /** Record units (an aggregate record counts its count) drained from the backlog. */
  units: number;
  seconds: number;
}

export interface Rebalance {
  what: string;
  /** Seconds until the consumer group was stable with every partition assigned; null: it never was. */
  seconds: number | null;
}

export interface ScaleFigures {
  /** Records the fault phase sent (SCALE_RECORDS). */
  records: number;
  /** Record units accepted (2xx) over every phase, and counted by monitoring in its database. */
  accepted: number;
  counted: number;
  /** Events the health replicas created (outbox rows) and monitoring applied (inbox rows). */
  eventsCreated: number;
  eventsApplied: number;
  /** Answers by status during the fault phase, and batches given up on. */
  statuses: Record<string, number>;
  abandoned: number;
  faults: string[];
  rebalances: Rebalance[];
  throughput: Throughput[];
  /** Pairs decided per replica slot, from the settlers' decision lines. */
  shares: Record<string, { pairs: number; decisions: number }>;
  /** Pairs two decisions held at the same moment. */
  concurrentDecisions: string[];
  /** Alert transitions logged more than once (the same alert raised, or resolved, twice). */
  duplicateAlertEvents: number;
  alertsRaised: number;
  /** Alert events on wdp.monitoring.alerts.v1 beyond the distinct ones (relay re-sends; consumers dedupe by id). */
  alertTopicResent: number;
  /** Pairs still queued for a decision at the end. */
  queuedPairs: number;
  /** Topics not replicated 3 ways with min.insync.replicas 2. */
  underReplicatedTopics: string[];
  topicsChecked: number;
  /** Machine load while it ran (1-minute load average before and after, cores). */
  load: string;
}

/** What fails the run: every rule the issue sets, each with its figures. */
export function failures(f: ScaleFigures): string[] {
  const out: string[] = [];
  if (f.counted < f.accepted) out.push(`${f.accepted - f.counted} accepted record units lost`);
  if (f.counted > f.accepted) out.push(`${f.counted - f.accepted} record units counted twice`);
  if (f.eventsApplied !== f.eventsCreated) out.push(`${f.eventsCreated} events created, ${f.eventsApplied} applied`);
  if (f.abandoned > 0) out.push(`${f.abandoned} batches abandoned`);
  if (f.concurrentDecisions.length > 0) out.push(`pairs decided by two at once: ${f.concurrentDecisions.slice(0, 5).join(', ')}`);
  if (f.duplicateAlertEvents > 0) out.push(`${f.duplicateAlertEvents} alert transitions logged twice`);
  if (f.queuedPairs > 0) out.push(`${f.queuedPairs} pairs never decided`);
  if (f.underReplicatedTopics.length > 0) out.push(`not replicated 3 ways with min.insync.replicas 2: ${f.underReplicatedTopics.join(', ')}`);
  if (f.topicsChecked === 0) out.push('no topic checked for replication');
  if (f.faults.length < 3) out.push(`only ${f.faults.length} of the 3 faults injected`);
  return out;
}

const seconds = (s: number | null) => (s === null ? 'never' : `${s.toFixed(1)} s`);
const rate = (t: Throughput) => Math.round(t.units / t.seconds);

export function formatReport(f: ScaleFigures): string {
  const failed = failures(f);
  const totalPairs = Object.values(f.shares).reduce((n, s) => n + s.pairs, 0);
  const lines = [
    `records (fault phase)        ${f.records.toLocaleString('en')}`,
    `accepted / counted units     ${f.accepted.toLocaleString('en')} / ${f.counted.toLocaleString('en')} (lost ${Math.max(0, f.accepted - f.counted)}, duplicated ${Math.max(0, f.counted - f.accepted)})`,
    `events created / applied     ${f.eventsCreated.toLocaleString('en')} / ${f.eventsApplied.toLocaleString('en')}`,
    `answers                      ${Object.entries(f.statuses).map(([k, v]) => `${k}×${v}`).join(' ')}${f.abandoned ? `, ${f.abandoned} abandoned` : ''}`,
    `faults                       ${f.faults.join('; ')}`,
    ...f.rebalances.map((r) => `rebalance: ${r.what.padEnd(18)} ${seconds(r.seconds)}`),
    ...f.throughput.map((t) => `throughput, ${t.replicas} monitoring replica${t.replicas > 1 ? 's' : ' '}  ${rate(t).toLocaleString('en')} units/s (${t.units.toLocaleString('en')} in ${t.seconds.toFixed(1)} s)`),
    ...Object.entries(f.shares).map(
      ([replica, s]) => `settler share, ${replica.padEnd(13)} ${s.pairs} pairs in ${s.decisions} decisions (${totalPairs ? Math.round((100 * s.pairs) / totalPairs) : 0} %)`,
    ),
    `pairs decided twice at once  ${f.concurrentDecisions.length}`,
    `alerts raised                ${f.alertsRaised} (transitions logged twice: ${f.duplicateAlertEvents}; re-sent on the alerts topic, deduplicated by id: ${f.alertTopicResent})`,
    `pairs left undecided         ${f.queuedPairs}`,
    `topics RF 3, min ISR 2       ${f.topicsChecked - f.underReplicatedTopics.length} of ${f.topicsChecked}`,
    `load                         ${f.load}`,
    failed.length === 0 ? 'result                       ok' : `result                       FAILED: ${failed.join('; ')}`,
  ];
  return lines.join('\n');
}
