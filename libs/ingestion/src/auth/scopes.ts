/**
 * Scopes: `write:<department>` (submit, revise, withdraw), `read:<department>` (list, fetch), `admin`
 * (manage keys of this service), `read:monitoring` (monitoring's read API). `admin` does not imply the others:
 * a key-management key cannot submit data.
 */
export type Access = 'write' | 'read';

export const ADMIN_SCOPE = 'admin';

export function departmentScope(access: Access, department: string): string {
  return `${access}:${department}`;
}

const SCOPE_RE = /^(admin|(read|write):[a-z][a-z-]*[a-z])$/;

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
