import { Counter, Gauge, Histogram, register } from 'prom-client';

/** Get-or-create, so several app instances in one process (tests) share the default registry's metrics. */
function metric<T>(name: string, create: () => T): T {
  return (register.getSingleMetric(name) as T | undefined) ?? create();
}

export const batchDuration = metric(
  'wdp_monitoring_batch_duration_seconds',
  () =>
    new Histogram({
      name: 'wdp_monitoring_batch_duration_seconds',
      help: 'Time to apply one consumed batch (facts, observations, assessments), inside its transaction.',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    }),
);

export const eventsApplied = metric(
  'wdp_monitoring_events_total',
  () => new Counter({ name: 'wdp_monitoring_events_total', help: 'Departmental events applied, by type (record, return, ignored).', labelNames: ['type'] }),
);

export const alertChanges = metric(
  'wdp_monitoring_alerts_total',
  () => new Counter({ name: 'wdp_monitoring_alerts_total', help: 'Alerts raised and resolved, by kind.', labelNames: ['kind', 'action'] }),
);

export const alertDecisionsForced = metric(
  'wdp_monitoring_alert_decisions_forced_total',
  () =>
    new Counter({
      name: 'wdp_monitoring_alert_decisions_forced_total',
      help: 'Indicator × area alert decisions taken before every request that touched them was complete (ALERT_INCOMPLETE_MAX_WAIT_MS ran out).',
    }),
);

export const alertPairsDecided = metric(
  'wdp_monitoring_alert_pairs_decided_total',
  () =>
    new Counter({
      name: 'wdp_monitoring_alert_pairs_decided_total',
      help: "Indicator × area pairs whose alerts this instance's settler decided (each replica counts its own share).",
    }),
);

/** Consumer lag, read from the consumer when Prometheus scrapes. */
export function registerLagGauge(read: () => number | null): void {
  // The latest consumer wins: a restarted consumer (or another app instance in tests) replaces the reader.
  if (register.getSingleMetric('wdp_monitoring_consumer_lag')) register.removeSingleMetric('wdp_monitoring_consumer_lag');
  new Gauge({
    name: 'wdp_monitoring_consumer_lag',
    help: 'Messages on the departmental topics not yet applied (sum over partitions, as of the last batch).',
    collect() {
      const lag = read();
      if (lag !== null) this.set(lag);
    },
  });
}
