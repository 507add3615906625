import { Document, parse, parseAllDocuments, visit } from 'yaml';

// Kubernetes reads manifests as YAML 1.1 (sigs.k8s.io/yaml on go-yaml), where `off`, `on`, `yes`, `no`, `y`
// and `n` are booleans, `0644` is octal, `1:30` is sexagesimal (90) and `2001-12-14` a timestamp; most
// editors, linters and the `yaml` package read 1.2, where all of those are strings. A ConfigMap value that a
// 1.2 reader sees as "off" is `false` to the API server, which rejects the ConfigMap. The generator writes
// text that reads the same under both; the check below proves it for every committed file.

type Versioned = '1.1' | '1.2';

/** Whether `text`, written as a plain scalar, reads back as the same string under YAML 1.1 and 1.2. */
function plainReadsAsItself(text: string): boolean {
  return (['1.1', '1.2'] as Versioned[]).every((version) => {
    try {
      return parse(text, { version }) === text;
    } catch {
      return false;
    }
  });
}

/**
 * YAML text of `documents` (one `---` each) that YAML 1.1 and 1.2 readers read alike: every string that a
 * 1.1 or a 1.2 reader would take for something else is double-quoted. Multi-line strings are block scalars,
 * strings under both versions.
 */
export function portableYaml(documents: unknown[]): string {
  return documents
    .map((value) => {
      const doc = new Document(value, { aliasDuplicateObjects: false });
      visit(doc, {
        Scalar(_key, node) {
          if (typeof node.value === 'string' && !node.value.includes('\n') && !plainReadsAsItself(node.value)) node.type = 'QUOTE_DOUBLE';
        },
      });
      return `---\n${doc.toString({ lineWidth: 0 })}`;
    })
    .join('');
}

/** The documents of `text` as a YAML 1.1 reader (the API server) sees them. */
export function parseAsKubernetes(text: string): unknown[] {
  return parseAllDocuments(text, { version: '1.1' }).map((d) => {
    if (d.errors.length) throw new Error(d.errors.map((e) => e.message).join('; '));
    return d.toJS();
  });
}

/**
 * Where the documents of `text` read differently under YAML 1.1 and 1.2, as `doc[i].path: 1.1 value ≠ 1.2
 * value` (empty when they agree everywhere).
 */
export function yamlVersionDifferences(text: string): string[] {
  const read = (version: Versioned) => parseAllDocuments(text, { version }).map((d) => d.toJS());
  const [old, current] = [read('1.1'), read('1.2')];
  const differences: string[] = [];
  const compare = (a: unknown, b: unknown, path: string) => {
    if (isPlainObject(a) && isPlainObject(b)) {
      const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
      for (const k of keys) compare(a[k], b[k], `${path}.${k}`);
    } else if (Array.isArray(a) && Array.isArray(b)) {
      for (let i = 0; i < Math.max(a.length, b.length); i++) compare(a[i], b[i], `${path}[${i}]`);
    } else if (!sameLeaf(a, b)) {
      differences.push(`${path}: ${show(a)} under YAML 1.1, ${show(b)} under 1.2`);
    }
  };
  for (let i = 0; i < Math.max(old.length, current.length); i++) compare(old[i], current[i], `doc[${i}]`);
  return differences;
}

function sameLeaf(a: unknown, b: unknown): boolean {
  if (a instanceof Date || b instanceof Date) return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  return typeof a === typeof b && JSON.stringify(a) === JSON.stringify(b);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

function show(v: unknown): string {
  return v instanceof Date ? `timestamp ${v.toISOString()}` : `${typeof v} ${JSON.stringify(v)}`;
}
