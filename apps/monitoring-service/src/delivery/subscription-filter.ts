import type { AlertSeverity } from '../alerts/alert-kinds';

/**
 * What a subscriber wants to hear about. Every list is "any of"; an empty or absent list does not
 * restrict. `minSeverity` keeps alerts at least that severe (low < medium < high).
 */
export interface SubscriptionFilter {
  domains?: string[];
  departments?: string[];
  indicators?: string[];
  areas?: string[];
  sexes?: string[];
  kinds?: string[];
  /** Plan ids (GET /v1/plans): alerts are raised for the monitored district plan only, so another plan hears nothing. */
  plans?: string[];
  minSeverity?: AlertSeverity;
}

/** The facts of an alert a filter is matched against. */
export interface MatchableAlert {
  indicatorCode: string;
  domain: string;
  department: string | null;
  areaCode: string;
  sex: string;
  kind: string;
  severity: string;
  /** The plan the alert is about; absent in an alert recorded before alerts named their plan. */
  planId?: string | null;
}

export const SEVERITY_RANK: Readonly<Record<string, number>> = { low: 1, medium: 2, high: 3 };

const allows = (list: readonly string[] | undefined, value: string | null) => !list || list.length === 0 || (value !== null && list.includes(value));

/** Whether the alert passes the filter. Pure. */
export function matchesFilter(filter: SubscriptionFilter, alert: MatchableAlert): boolean {
  return (
    allows(filter.domains, alert.domain) &&
    allows(filter.departments, alert.department) &&
    allows(filter.indicators, alert.indicatorCode) &&
    allows(filter.areas, alert.areaCode) &&
    allows(filter.sexes, alert.sex) &&
    allows(filter.kinds, alert.kind) &&
    allows(filter.plans, alert.planId ?? null) &&
    (!filter.minSeverity || (SEVERITY_RANK[alert.severity] ?? 0) >= SEVERITY_RANK[filter.minSeverity])
  );
}
