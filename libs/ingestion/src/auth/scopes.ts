/**
 * Scopes: `write:<department>` (submit, revise, withdraw, and submit a period for approval), `read:<department>`
 * (list, fetch), `approve:<department>` (approve, return or unlock a submitted period), `admin` (manage keys of
 * this service), and the monitoring service's own (MONITORING_SCOPES). No scope implies another: a key-management
 * key cannot submit data, and an approver cannot write what it approves (key-policy.ts refuses a key holding both).
 */
export type Access = 'write' | 'read' | 'approve';

export const ADMIN_SCOPE = 'admin';

export function departmentScope(access: Access, department: string): string {
  return `${access}:${department}`;
}

/** The monitoring team's keys carry this department code (the statistics bureau's, at the same service, `statistics`). */
export const MONITORING_KEY_DEPARTMENT = 'monitoring';

/**
 * The monitoring service's scopes, split so that each action needs only what it does: a dashboard reader
 * cannot act on alerts, an alert handler cannot point webhooks anywhere.
 */
export const MONITORING_SCOPES = {
  /** The read API, live stream and stream tokens, reports (suppressed), report regeneration. */
  read: 'read:monitoring',
  /** Acknowledge, resolve and comment on alerts. */
  handleAlerts: 'handle:alerts',
  /** Webhook subscriptions: create, change, delete, enable, rotate secret, delivery log. */
  manageSubscriptions: 'manage:subscriptions',
  /** Freeze a report snapshot (annual, mid-term, final). */
  generateReports: 'generate:reports',
  /** Figures without small-number suppression. */
  readUnsuppressed: 'read:unsuppressed',
} as const;

const SCOPE_RE = /^(admin|(read|write|approve):[a-z][a-z-]*[a-z]|handle:alerts|manage:subscriptions|generate:reports)$/;

export function isValidScope(scope: string): boolean {
  return SCOPE_RE.test(scope);
}

export function parseScopes(list: string): string[] {
  return [...new Set(list.split(',').map((s) => s.trim()).filter(Boolean))];
}

/** The department a scope is about, or undefined for `admin`. */
export function scopeDepartment(scope: string): string | undefined {
  const i = scope.indexOf(':');
  return i < 0 ? undefined : scope.slice(i + 1);
}

export function hasScope(granted: readonly string[], required: string): boolean {
  return granted.includes(required);
}
