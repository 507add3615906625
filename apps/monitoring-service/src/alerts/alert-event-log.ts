import { Injectable } from '@nestjs/common';
import { chunk, currentTraceparent, maxRowsPerStatement } from '@wdp/messaging';
import type { EntityManager } from 'typeorm';
import type { AlertMessage, AlertTransition } from './alert-lifecycle';
import { AlertRepository } from './alert.repository';
import { AlertSinks } from './alert-sink';

export interface AlertLogEntry {
  alertId: string;
  transition: AlertTransition;
  actor: string;
  comment: string | null;
  at: Date;
}

export interface LoggedAlertEvent {
  seq: number;
  alertId: string;
  transition: AlertTransition;
  occurredAt: string;
  actor: string;
  comment: string | null;
  /** The alert as it stood right after the transition, with the transition. */
  alert: AlertMessage;
}

/**
 * The ordered alert-event log and its fan-out. Called inside the transaction that changed the alerts,
 * under the assessment lock every alert writer holds, so `seq` follows commit order; the sinks (AlertSinks:
 * the webhook deliveries) take each event in that same transaction (an event is delivered if and only if
 * it happened, and a restart loses nothing pending).
 */
@Injectable()
export class AlertEventLog {
  constructor(
    private readonly alerts: AlertRepository,
    private readonly sinks: AlertSinks,
  ) {}

  async append(manager: EntityManager, entries: readonly AlertLogEntry[]): Promise<LoggedAlertEvent[]> {
    if (entries.length === 0) return [];
    const views = new Map((await this.alerts.byIds(manager, [...new Set(entries.map((e) => e.alertId))])).map((v) => [v.id, v]));
    const logged: LoggedAlertEvent[] = [];
    // The decision's span (or the API call's): a webhook delivery of these events links to it.
    const traceparent = currentTraceparent() ?? null;
    for (const part of chunk(entries, maxRowsPerStatement(7, 1000))) {
      const params: unknown[] = [];
      const messages: AlertMessage[] = [];
      const tuples = part.map((e) => {
        const alert: AlertMessage = { ...views.get(e.alertId)!, transition: e.transition };
        messages.push(alert);
        const b = params.length;
        params.push(e.alertId, e.transition, e.at.toISOString(), e.actor, e.comment, JSON.stringify(alert), traceparent);
        return `($${b + 1}::uuid, $${b + 2}, $${b + 3}::timestamptz, $${b + 4}, $${b + 5}, $${b + 6}::jsonb, $${b + 7})`;
      });
      // RETURNING follows the VALUES order; seq is assigned in that order too.
      const rows: { seq: string }[] = await manager.query(
        `INSERT INTO alert_event (alert_id, transition, occurred_at, actor, comment, alert, traceparent) VALUES ${tuples.join(', ')} RETURNING seq`,
        params,
      );
      rows.forEach((r, i) => logged.push({ seq: Number(r.seq), alertId: part[i].alertId, transition: part[i].transition, occurredAt: part[i].at.toISOString(), actor: part[i].actor, comment: part[i].comment, alert: messages[i] }));
    }
    await this.sinks.fanOut(manager, logged);
    return logged;
  }

  /** Events after `afterSeq`, in order. */
  async since(manager: EntityManager, afterSeq: number, limit: number): Promise<LoggedAlertEvent[]> {
    const rows = await manager.query(
      `SELECT seq, alert_id AS "alertId", transition, occurred_at AS "occurredAt", actor, comment, alert
         FROM alert_event WHERE seq > $1 ORDER BY seq LIMIT $2`,
      [afterSeq, limit],
    );
    return rows.map(toLogged);
  }

  async latestSeq(manager: EntityManager): Promise<number> {
    const [{ seq }] = await manager.query(`SELECT COALESCE(max(seq), 0) AS seq FROM alert_event`);
    return Number(seq);
  }

  async history(manager: EntityManager, alertId: string): Promise<LoggedAlertEvent[]> {
    const rows = await manager.query(
      `SELECT seq, alert_id AS "alertId", transition, occurred_at AS "occurredAt", actor, comment, alert
         FROM alert_event WHERE alert_id = $1 ORDER BY seq`,
      [alertId],
    );
    return rows.map(toLogged);
  }
}

function toLogged(r: LoggedAlertEvent & { seq: string | number; occurredAt: Date | string }): LoggedAlertEvent {
  return { ...r, seq: Number(r.seq), occurredAt: new Date(r.occurredAt).toISOString() };
}
