import type { AlertKind } from '@wdp/methodology';

export type AlertSeverity = 'high' | 'medium' | 'low';

/**
 * How urgent each kind is: moving the wrong way or at under 60 % of the required pace (limited) is high;
 * needing acceleration, a widening gap, an overdue submission and a late dataset are medium; a volatile series is low,
 * because it asks for a look at the data before any action.
 */
export const ALERT_SEVERITY: Readonly<Record<AlertKind, AlertSeverity>> = {
  deteriorating: 'high',
  limited: 'high',
  acceleration_needed: 'medium',
  gap_widening: 'medium',
  missing_data: 'medium',
  late_dataset: 'medium',
  fluctuating: 'low',
};

export const ALERT_EVENT_TYPES = {
  raised: 'gov.yunyan.monitoring.alert.raised.v1',
  acknowledged: 'gov.yunyan.monitoring.alert.acknowledged.v1',
  resolved: 'gov.yunyan.monitoring.alert.resolved.v1',
} as const;

export const MONITORING_EVENT_SOURCE = '/yunyan/wdp/monitoring-service';
