import { Injectable, OnModuleInit } from '@nestjs/common';
import { registerCollectedGauge } from '@wdp/platform';
import { DataSource } from 'typeorm';

/** Gauges read from the database at scrape time: open and held alerts, silences, webhook failures (the consumer's own are in ConsumptionGauges). */
@Injectable()
export class MonitoringGauges implements OnModuleInit {
  constructor(private readonly dataSource: DataSource) {}

  onModuleInit(): void {
    registerCollectedGauge('wdp_monitoring_alerts_open', 'Open alerts by kind, severity and lifecycle state.', ['kind', 'severity', 'state'], async () => {
      const rows: { kind: string; severity: string; state: string; n: number }[] = await this.dataSource.query(
        `SELECT kind, severity, CASE WHEN acknowledged_at IS NOT NULL THEN 'acknowledged' ELSE 'raised' END AS state, count(*)::int AS n
           FROM alert WHERE status = 'open' GROUP BY 1, 2, 3`,
      );
      return rows.map((r) => ({ labels: { kind: r.kind, severity: r.severity, state: r.state }, value: r.n }));
    });
    registerCollectedGauge('wdp_monitoring_alert_holds', 'Alert changes waiting for their condition to hold: raises not yet published, recoveries not yet resolved.', ['action'], async () => {
      const rows: { action: string; n: number }[] = await this.dataSource.query(`SELECT action, count(*)::int AS n FROM alert_hold GROUP BY action`);
      return ['raise', 'resolve'].map((action) => ({ labels: { action }, value: rows.find((r) => r.action === action)?.n ?? 0 }));
    });
    registerCollectedGauge('wdp_monitoring_silences_active', 'Silences muting webhook notifications now.', [], async () => {
      const [r]: { n: number }[] = await this.dataSource.query(
        `SELECT count(*)::int AS n FROM alert_silence WHERE deleted_at IS NULL AND starts_at <= now() AND ends_at > now()`,
      );
      return [{ value: r.n }];
    });
    registerCollectedGauge('wdp_monitoring_webhook_failed_attempts', 'Webhook delivery attempts that failed (non-2xx answer or no answer), all time.', [], async () => {
      const [r]: { n: number }[] = await this.dataSource.query(
        `SELECT count(*)::int AS n FROM webhook_attempt WHERE error IS NOT NULL OR status_code IS NULL OR status_code NOT BETWEEN 200 AND 299`,
      );
      return [{ value: r.n }];
    });
    registerCollectedGauge('wdp_monitoring_webhook_pending_deliveries', 'Webhook deliveries not yet acknowledged by their receiver.', [], async () => {
      const [r]: { n: number }[] = await this.dataSource.query(`SELECT count(*)::int AS n FROM webhook_delivery WHERE status = 'pending'`);
      return [{ value: r.n }];
    });
  }
}
