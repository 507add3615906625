import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { SERVICE_CONFIG } from '@wdp/platform';
import type { MonitoringServiceConfig } from '../config';
import { METHODOLOGY_VERSION } from '@wdp/methodology';
import { enqueueEvents, type OutboxMessage } from '@wdp/messaging';
import type { EntityManager } from 'typeorm';
import { AreaService } from '../indicator-store/area.service';
import { IndicatorStoreService } from '../indicator-store/indicator-store.service';
import { alertChanges } from '../metrics/monitoring-metrics';
import { alertEventMessage, type AlertRecord } from './alert-events';
import { AlertEventLog, type AlertLogEntry } from './alert-event-log';
import { matchingSilence } from '../silences/silence';
import { SilenceRepository } from '../silences/silence.repository';
import { type AlertTransition, type AlertView, SYSTEM_ACTOR } from './alert-lifecycle';
import { type AlertPlan, type HoldPolicy, planAlerts, releaseHolds, type SlotTransition } from './alert-plan';
import { AlertHoldRepository } from './alert-hold.repository';
import { AlertRepository } from './alert.repository';

export interface AlertChangeSummary {
  raised: number;
  resolved: number;
  refreshed: number;
}

/**
 * Opens and resolves alerts for the slots an assessment touched, once the condition (or the recovery)
 * has held (see planAlerts), and writes one event per change to monitoring's outbox in the same
 * transaction, so an alert is published if and only if it is stored. Holds are never published.
 */
@Injectable()
export class AlertService {
  constructor(
    private readonly alerts: AlertRepository,
    private readonly holds: AlertHoldRepository,
    private readonly silences: SilenceRepository,
    private readonly catalogue: IndicatorStoreService,
    private readonly areas: AreaService,
    private readonly log: AlertEventLog,
    @Inject(SERVICE_CONFIG) private readonly config: MonitoringServiceConfig,
  ) {}

  /** The hold policy in force (config): how long a condition, and a recovery, must hold. */
  holdPolicy(): HoldPolicy {
    return { raiseHoldMs: this.config.ALERT_RAISE_HOLD_MS, resolveHoldMs: this.config.ALERT_RESOLVE_HOLD_MS };
  }

  async apply(manager: EntityManager, transitions: readonly SlotTransition[], now: Date): Promise<AlertChangeSummary> {
    if (transitions.length === 0) return { raised: 0, resolved: 0, refreshed: 0 };
    const pairs = uniquePairs(transitions);
    const open = await this.alerts.openFor(manager, pairs);
    const holds = await this.holds.forPairs(manager, pairs);
    return this.commit(manager, planAlerts(open, transitions, now, METHODOLOGY_VERSION, randomUUID, holds, this.holdPolicy()), now);
  }

  /**
   * Makes the changes whose hold has lasted by `now` (inside the caller's transaction, under the
   * assessment lock): raises what held, resolves what stayed recovered.
   */
  async releaseDue(manager: EntityManager, now: Date, limit = 1000): Promise<AlertChangeSummary> {
    const due = await this.holds.due(manager, now, this.holdPolicy(), limit);
    if (due.length === 0) return { raised: 0, resolved: 0, refreshed: 0 };
    const open = await this.alerts.openFor(manager, uniquePairs(due));
    return this.commit(manager, releaseHolds(open, due, now, METHODOLOGY_VERSION, randomUUID, this.holdPolicy()), now);
  }

  private async commit(manager: EntityManager, plan: AlertPlan, now: Date): Promise<AlertChangeSummary> {
    const messages: OutboxMessage[] = [];
    await this.holds.remove(manager, plan.released);
    await this.holds.upsert(manager, plan.held);

    // Published with the silence muting them, as the log and the stream show them (SILENCED_BY_SQL).
    const active = plan.opened.length + plan.resolved.length > 0 ? await this.silences.active(manager) : [];
    const muted = <T extends AlertRecord>(a: T) => ({ ...a, silencedBy: matchingSilence(a, active) });
    const eventIds = new Map(plan.opened.map((o) => [o.alert.id, randomUUID()]));
    // Alerts are raised for the monitored plan only; each names it and the version in force.
    const about = plan.opened.length > 0 ? await this.alerts.monitoredPlan(manager) : undefined;
    const opened = plan.opened.map((o) => ({ ...o.alert, ...about!, department: this.catalogue.find(o.alert.indicatorCode)?.department ?? null }));
    const inserted = await this.alerts.insertOpen(manager, opened, eventIds);
    const logEntries: AlertLogEntry[] = [];
    for (const { alert: raised, assessmentStatus } of plan.opened) {
      if (!inserted.has(raised.id)) continue;
      const alert = { ...raised, ...about };
      logEntries.push({ alertId: alert.id, transition: 'raised', actor: SYSTEM_ACTOR, comment: null, at: now });
      messages.push(this.message(muted(alert), assessmentStatus, eventIds.get(alert.id)!, now));
      alertChanges.inc({ kind: alert.kind, action: 'raised' });
    }
    let resolved = 0;
    for (const { alert, assessmentStatus } of plan.resolved) {
      const eventId = randomUUID();
      if (await this.alerts.resolve(manager, alert, eventId)) {
        resolved++;
        logEntries.push({ alertId: alert.id, transition: 'resolved', actor: SYSTEM_ACTOR, comment: null, at: now });
        messages.push(this.message(muted(alert), assessmentStatus, eventId, now));
        alertChanges.inc({ kind: alert.kind, action: 'resolved' });
      }
    }
    for (const r of plan.refreshed) await this.alerts.refresh(manager, r.id, r.components);
    await enqueueEvents(manager, messages);
    await this.log.append(manager, logEntries);
    return { raised: inserted.size, resolved, refreshed: plan.refreshed.length };
  }

  message(alert: AlertRecord & Partial<AlertView>, assessmentStatus: string, eventId: string, now: Date, transition?: AlertTransition): OutboxMessage {
    const indicator = this.catalogue.require(alert.indicatorCode);
    const area = this.areas.index().byCode(alert.areaCode);
    return alertEventMessage(
      alert,
      {
        indicator: {
          code: indicator.code,
          nameZh: indicator.nameZh,
          nameEn: indicator.nameEn,
          domain: indicator.domain,
          department: indicator.department,
          unit: indicator.unit,
        },
        area: area ? { code: area.code, nameZh: area.nameZh, level: area.level } : { code: alert.areaCode },
        assessmentStatus,
        catalogueVersion: this.catalogue.catalogueVersion(),
      },
      eventId,
      now,
      this.config.ALERTS_TOPIC,
      transition,
    );
  }
}

function uniquePairs(transitions: readonly { indicatorCode: string; areaCode: string }[]) {
  const seen = new Map<string, { indicatorCode: string; areaCode: string }>();
  for (const t of transitions) seen.set(`${t.indicatorCode}\u0000${t.areaCode}`, { indicatorCode: t.indicatorCode, areaCode: t.areaCode });
  return [...seen.values()];
}
