import { type CloudEvent, createEvent, Topic } from '@wdp/contracts';
import type { OutboxMessage } from '@wdp/messaging';
import { ALERT_EVENT_TYPES, MONITORING_EVENT_SOURCE } from './alert-kinds';
import type { AlertTransition, AlertView } from './alert-lifecycle';

/** An alert as stored and as published. */
export interface AlertRecord {
  id: string;
  indicatorCode: string;
  areaCode: string;
  sex: string;
  kind: string;
  status: 'open' | 'resolved';
  severity: string;
  raisedAt: string;
  resolvedAt: string | null;
  /** The calculation behind the alert when raised (and kept current while it stays open). */
  components: unknown;
  /** The calculation that resolved it. */
  resolution: unknown;
  methodologyVersion: string;
  /** The plan the alert is about and its version (null where the registry held none); stored alerts always name one. */
  planId?: string;
  planVersion?: number | null;
}

/** The plan an alert is about: the monitored district plan, the only one alerts are raised for. */
export interface AlertPlanRef {
  planId: string;
  planVersion: number | null;
}

export interface AlertEventContext {
  indicator: { code: string; nameZh: string; nameEn: string; domain: string; department: string; unit: string };
  area: { code: string; nameZh: string; level: string } | { code: string };
  /** The assessment status behind the change (e.g. limited, on_track, widening, overdue). */
  assessmentStatus: string;
  catalogueVersion: string;
}

export interface AlertEventData {
  alertId: string;
  /** What happened: raised, acknowledged (by whom, with a comment) or resolved (by the service or by hand). */
  transition: AlertTransition;
  /** The department owning the indicator, to which the alert is assigned. */
  department: string | null;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  acknowledgementComment: string | null;
  resolvedBy: string | null;
  resolutionReason: string | null;
  /** The silence muting this alert's notifications when the change happened (webhooks skip it), or null. */
  silencedBy: string | null;
  indicator: AlertEventContext['indicator'];
  area: AlertEventContext['area'];
  sex: string;
  kind: string;
  status: 'open' | 'resolved';
  severity: string;
  raisedAt: string;
  resolvedAt: string | null;
  assessmentStatus: string;
  components: unknown;
  methodologyVersion: string;
  catalogueVersion: string;
  /** The plan the alert is about and its version. Absent in events from before alerts named their plan. */
  plan?: { id: string; version: number | null };
}

/** The outbox message announcing that an alert was raised, acknowledged or resolved. Keyed per alert slot. */
export function alertEventMessage(
  alert: AlertRecord & Partial<AlertView>,
  context: AlertEventContext,
  eventId: string,
  time: Date,
  topic: string = Topic.MonitoringAlerts,
  transition: AlertTransition = alert.status === 'open' ? 'raised' : 'resolved',
): OutboxMessage {
  const raised = alert.status === 'open';
  const event: CloudEvent<AlertEventData> = createEvent({
    id: eventId,
    source: MONITORING_EVENT_SOURCE,
    type: ALERT_EVENT_TYPES[transition],
    subject: `${alert.indicatorCode}/${alert.areaCode}/${alert.sex}/${alert.kind}`,
    time,
    data: {
      alertId: alert.id,
      transition,
      department: alert.department ?? context.indicator.department,
      acknowledgedAt: alert.acknowledgedAt ?? null,
      acknowledgedBy: alert.acknowledgedBy ?? null,
      acknowledgementComment: alert.acknowledgementComment ?? null,
      resolvedBy: alert.resolvedBy ?? (raised ? null : 'monitoring'),
      resolutionReason: alert.resolutionReason ?? null,
      silencedBy: alert.silencedBy ?? null,
      indicator: context.indicator,
      area: context.area,
      sex: alert.sex,
      kind: alert.kind,
      status: alert.status,
      severity: alert.severity,
      raisedAt: alert.raisedAt,
      resolvedAt: alert.resolvedAt,
      assessmentStatus: context.assessmentStatus,
      components: raised ? alert.components : alert.resolution,
      methodologyVersion: alert.methodologyVersion,
      catalogueVersion: context.catalogueVersion,
      ...(alert.planId ? { plan: { id: alert.planId, version: alert.planVersion ?? null } } : {}),
    },
  });
  return { topic, key: `${alert.indicatorCode}/${alert.areaCode}/${alert.sex}`, event };
}
