// Field paths as a reader writes them (`targets[3].value`), not as JSON pointers (`/targets/3/value`).

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** The path of a property or array element under `parent` ('' is the document itself). */
export function childPath(parent: string, key: string | number): string {
  if (typeof key === 'number' || /^(0|[1-9][0-9]*)$/.test(key)) return `${parent}[${key}]`;
  if (!IDENTIFIER.test(key)) return `${parent}[${JSON.stringify(key)}]`;
  return parent ? `${parent}.${key}` : key;
}

/** `/targets/3/value` → `targets[3].value` (RFC 6901 escapes undone). */
export function pathOfPointer(pointer: string): string {
  if (!pointer) return '';
  return pointer
    .slice(1)
    .split('/')
    .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<string>((path, token) => childPath(path, token), '');
}
