/** `live-birth` → `LiveBirth`, for class and schema names. */
export function pascalCase(kebab: string): string {
  return kebab.split(/[-_\s]+/).filter(Boolean).map((w) => w[0].toUpperCase() + w.slice(1)).join('');
}
