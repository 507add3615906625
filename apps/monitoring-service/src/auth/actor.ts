/** The actor recorded for an API key: its department and public prefix (never the key itself). */
export function actorOf(principal: { department: string; prefix: string }): string {
  return `${principal.department}:${principal.prefix}`;
}

/** Who changed a target or a plan, as the catalogue's and the plans' audit trails record it: the key's prefix and department. */
export function auditActor(principal: { department: string; prefix: string } | undefined): string {
  return principal ? `api-key:${principal.prefix} (${principal.department})` : 'unknown';
}
