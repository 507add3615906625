import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/**
 * The monitoring service's top-level folders (and its root files: app.module, config, main, service-info) import
 * each other in one direction only: a concern can be read from its folder down, never round in a circle.
 *
 * Tests are left out. A spec consumes the code it tests and nothing imports a spec, and every integration spec
 * boots the whole application through test-support → app.module, which imports every module: counting them would
 * make each folder with an integration spec reach every other, a cycle that says nothing about the code shipped.
 */
const SRC = __dirname;
const isTest = (file: string) => file.endsWith('.spec.ts') || file.endsWith('.integration-spec.ts');

/** Every .ts file under `dir`, recursively. */
function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return e.name.endsWith('.ts') ? [full] : [];
  });
}

/** The top-level folder (or root file, without .ts) of a path inside src; undefined outside it. */
function topLevelOf(file: string): string | undefined {
  const rel = path.relative(SRC, file);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
  return rel.split(path.sep)[0].replace(/\.ts$/, '');
}

/** Folder → folder → one importing file, from the relative imports (static, re-exports, dynamic, require) of every non-test file. */
function folderImports(files: readonly string[]): Map<string, Map<string, string>> {
  const graph = new Map<string, Map<string, string>>();
  for (const file of files) {
    const from = topLevelOf(file)!;
    if (!graph.has(from)) graph.set(from, new Map());
    const { importedFiles } = ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true);
    for (const { fileName } of importedFiles) {
      if (!fileName.startsWith('.')) continue;
      const to = topLevelOf(path.resolve(path.dirname(file), fileName));
      if (to === undefined || to === from) continue;
      if (!graph.get(from)!.has(to)) graph.get(from)!.set(to, path.relative(SRC, file));
    }
  }
  return graph;
}

/** The strongly connected components with more than one node (Tarjan): each is a set of folders importing each other round a cycle. */
function cycles(graph: ReadonlyMap<string, ReadonlyMap<string, string>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v)?.keys() ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

/** Each import of a cycle, as `from → to (file)`, for the failure message. */
function cycleImports(graph: ReadonlyMap<string, ReadonlyMap<string, string>>, component: readonly string[]): string[] {
  return component.flatMap((from) => [...(graph.get(from) ?? new Map<string, string>())].filter(([to]) => component.includes(to)).map(([to, file]) => `${from} → ${to} (${file})`));
}

describe('monitoring-service folder imports', () => {
  it('finds a cycle, direct or through other folders, and none in a chain', () => {
    const g = (edges: [string, string][]) => {
      const m = new Map<string, Map<string, string>>();
      for (const [a, b] of edges) m.set(a, (m.get(a) ?? new Map()).set(b, `${a}/x.ts`));
      return m;
    };
    expect(cycles(g([['a', 'b'], ['b', 'a']]))).toEqual([['a', 'b']]);
    expect(cycles(g([['a', 'b'], ['b', 'c'], ['c', 'a'], ['c', 'd']]))).toEqual([['a', 'b', 'c']]);
    expect(cycles(g([['a', 'b'], ['b', 'c'], ['a', 'c']]))).toEqual([]);
  });

  it('reads the imports of the service as written', () => {
    const graph = folderImports(sourceFiles(SRC).filter((f) => !isTest(f)));
    // The directions this layout rests on: alerts decide from assessments, delivery takes alert changes.
    expect(graph.get('alerts')?.has('assessment')).toBe(true);
    expect(graph.get('delivery')?.has('alerts')).toBe(true);
    expect(graph.get('app.module')?.size).toBeGreaterThan(5);
  });

  it('has no cycle between top-level folders', () => {
    const graph = folderImports(sourceFiles(SRC).filter((f) => !isTest(f)));
    expect(cycles(graph).map((c) => cycleImports(graph, c))).toEqual([]);
  });
});
