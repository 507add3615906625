import { DEPARTMENTS } from '@wdp/contracts';
import { containsResidentIdNumber, type FieldError } from '@wdp/platform';
import { RESIDENT_ID_REASON } from '../validation/identifier-scan';
import { ADMIN_SCOPE, departmentScope, isValidScope, MONITORING_KEY_DEPARTMENT, MONITORING_SCOPES, scopeDepartment } from './scopes';

/** Which keys a service's key store may hold: its departments, and the scopes that mean something there. */
export interface KeyPolicy {
  departments: readonly string[];
  scopes: readonly string[];
}

const MONITORING_SERVICE = 'monitoring-service';

/**
 * The policy of the service that ingests `department`'s data: that department's keys with its own
 * read/write scopes and `admin`. The service that hosts the statistics bureau is the monitoring service,
 * which also holds the monitoring team's keys and scopes. Undefined for a department no service ingests.
 */
export function keyPolicyOf(department: string): KeyPolicy | undefined {
  const served = DEPARTMENTS.find((d) => d.code === department);
  if (!served) return undefined;
  const own = [ADMIN_SCOPE, departmentScope('write', department), departmentScope('read', department), departmentScope('approve', department)];
  if (served.service !== MONITORING_SERVICE) return { departments: [department], scopes: own };
  return { departments: [department, MONITORING_KEY_DEPARTMENT], scopes: [...own, ...Object.values(MONITORING_SCOPES)] };
}

/** The policy of a service by name (`health-service`), for the keys CLI. */
export function keyPolicyOfService(service: string): { department: string; policy: KeyPolicy } | undefined {
  const served = DEPARTMENTS.find((d) => d.service === service);
  const policy = served && keyPolicyOf(served.code);
  return served && policy ? { department: served.code, policy } : undefined;
}

export interface IssueRequest {
  department: string;
  scopes: readonly string[];
  label: string;
}

/**
 * Every reason `request` cannot be issued under `policy`, by field: a department this service does not
 * hold, a scope that is not this service's (another department's, or unknown), `write:` or `approve:` for another
 * department than the key's own, `approve:` beside `write:` (the approver is a different role from the submitter,
 * so no one key both writes a period and signs it off), a blank or long label, or a label holding a resident ID number. The HTTP route
 * and the keys CLI both issue through here, so neither can store an ID in a label.
 */
export function issueProblems(policy: KeyPolicy, request: IssueRequest): FieldError[] {
  const problems: FieldError[] = [];
  if (!policy.departments.includes(request.department)) {
    problems.push({ field: 'department', reason: `this service issues keys only for ${policy.departments.join(', ')}` });
  }
  if (!request.scopes.length) problems.push({ field: 'scopes', reason: 'at least one scope is needed' });
  request.scopes.forEach((s, i) => {
    const field = `scopes[${i}]`;
    // Only a well-formed scope is echoed: anything else could carry what the caller should not have sent.
    if (!isValidScope(s)) problems.push({ field, reason: `not a scope; this service's are ${policy.scopes.join(', ')}` });
    else if (!policy.scopes.includes(s)) problems.push({ field, reason: `${s} is not a scope of this service (${policy.scopes.join(', ')})` });
    else if ((s.startsWith('write:') || s.startsWith('approve:')) && scopeDepartment(s) !== request.department) problems.push({ field, reason: `a ${request.department} key cannot hold ${s}` });
    else if (s.startsWith('approve:') && request.scopes.some((other) => other.startsWith('write:'))) {
      problems.push({ field, reason: 'an approver key cannot also hold a write scope: the submitter and the approver are different roles' });
    }
  });
  if (!request.label.trim() || request.label.length > 200) problems.push({ field: 'label', reason: 'must be 1 to 200 characters' });
  else if (containsResidentIdNumber(request.label)) problems.push({ field: 'label', reason: RESIDENT_ID_REASON });
  return problems;
}
