/** The actor recorded for an API key: its department and public prefix (never the key itself). */
export function actorOf(principal: { department: string; prefix: string }): string {
  return `${principal.department}:${principal.prefix}`;
}
