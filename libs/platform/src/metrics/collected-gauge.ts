import { Gauge, register } from 'prom-client';

export interface GaugeSample {
  labels?: Record<string, string>;
  value: number;
}

/**
 * A gauge read when Prometheus scrapes (outbox backlog, open alerts, …) rather than kept up to date on
 * every change. The latest registration wins, so a restarted component — or a second app instance in one
 * test process — replaces the reader instead of failing on a duplicate name. A failed read leaves the
 * gauge empty for that scrape; /metrics never fails because of it.
 */
export function registerCollectedGauge(name: string, help: string, labelNames: string[], read: () => Promise<GaugeSample[]>): void {
  if (register.getSingleMetric(name)) register.removeSingleMetric(name);
  new Gauge({
    name,
    help,
    labelNames,
    async collect() {
      this.reset();
      try {
        for (const s of await read()) {
          if (s.labels) this.set(s.labels, s.value);
          else this.set(s.value);
        }
      } catch {
        /* the database may be down; /health/ready reports that */
      }
    },
  });
}
