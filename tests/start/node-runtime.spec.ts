import { spawn } from 'node:child_process';
import path from 'node:path';

// `npm start` and `npm test` must run on Node 24 on a machine whose Node is older: the decision is made from
// versions alone, so every case is tested here with explicit versions, whatever Node runs the tests.

type Version = [number, number, number];
type Decision = { action: 'here' | 'hand-over' | 'fail'; line: string | null };
const RUNTIME = path.resolve(__dirname, '../../scripts/lib/node-runtime.cjs');
const runtime = require(RUNTIME) as {
  decide: (input: { running: Version; minimum: Version; bundled: Version | null; handedOverFrom?: string }) => Decision;
  parseVersion: (text: string) => Version | null;
  minimumFromEngines: (range: string) => Version;
  atLeast: (version: Version, minimum: Version) => boolean;
  pathWithBinFirst: (current?: string) => string;
  runOnRequiredNode: (options: { running: string; env: Record<string, string | undefined>; log: (line: string) => void }) => Promise<void>;
  BIN_DIR: string;
  HANDED_OVER_FROM: string;
};
const pkg = require('../../package.json') as { engines: { node: string }; devDependencies: Record<string, string> };
const lock = require('../../package-lock.json') as { packages: Record<string, { version?: string }> };

const LTS: Version = [24, 11, 0];

describe('which Node runs the entry scripts (scripts/lib/node-runtime.cjs)', () => {
  it('compares versions numerically, part by part', () => {
    expect(runtime.atLeast([24, 9, 0], [24, 11, 0])).toBe(false);
    expect(runtime.atLeast([24, 10, 9], [24, 11, 0])).toBe(false);
    expect(runtime.atLeast([24, 11, 0], [24, 11, 0])).toBe(true);
    expect(runtime.atLeast([24, 21, 0], [24, 11, 0])).toBe(true);
    expect(runtime.atLeast([100, 0, 0], [24, 11, 0])).toBe(true);
    expect(runtime.atLeast([20, 99, 99], [24, 0, 0])).toBe(false);
  });

  it('reads versions and the engines minimum, and refuses a range it would have to guess at', () => {
    expect(runtime.parseVersion('v20.20.2')).toEqual([20, 20, 2]);
    expect(runtime.parseVersion('24.21.0\n')).toEqual([24, 21, 0]);
    expect(runtime.parseVersion('not a version')).toBeNull();
    expect(runtime.minimumFromEngines('>=24.11')).toEqual([24, 11, 0]);
    expect(runtime.minimumFromEngines('>= 24')).toEqual([24, 0, 0]);
    expect(runtime.minimumFromEngines('>=24.6.1')).toEqual([24, 6, 1]);
    expect(() => runtime.minimumFromEngines('^24.11.0')).toThrow(/engines\.node/);
    expect(() => runtime.minimumFromEngines('>=24 <26')).toThrow(/engines\.node/);
  });

  it('asks for Node 24 LTS, and the node package it fetches is new enough', () => {
    const minimum = runtime.minimumFromEngines(pkg.engines.node);
    expect(runtime.atLeast(minimum, LTS)).toBe(true);
    expect(minimum[0]).toBe(24);
    const locked = runtime.parseVersion(lock.packages['node_modules/node'].version!)!;
    expect(runtime.atLeast(locked, minimum)).toBe(true);
    expect(runtime.atLeast(runtime.parseVersion(pkg.devDependencies.node.replace(/^\^/, ''))!, minimum)).toBe(true);
  });

  it('runs here, printing which Node, when the running Node is new enough', () => {
    expect(runtime.decide({ running: [24, 21, 0], minimum: LTS, bundled: null })).toEqual({
      action: 'here',
      line: '[node] running on Node 24.21.0 (engines: >=24.11)',
    });
    expect(runtime.decide({ running: [26, 0, 0], minimum: LTS, bundled: [24, 21, 0] }).action).toBe('here');
  });

  it('hands over to the bundled Node when the running one is older, and says so', () => {
    expect(runtime.decide({ running: [20, 20, 2], minimum: LTS, bundled: [24, 21, 0] })).toEqual({
      action: 'hand-over',
      line: '[node] Node 20.20.2 is older than 24.11; running on Node 24.21.0 from node_modules/.bin/node (npm package `node`)',
    });
    expect(runtime.decide({ running: [24, 10, 0], minimum: LTS, bundled: [24, 21, 0] }).action).toBe('hand-over');
  });

  it('fails with the reason instead of handing over to nothing, to an old Node, or a second time', () => {
    const missing = runtime.decide({ running: [20, 20, 2], minimum: LTS, bundled: null });
    expect(missing).toMatchObject({ action: 'fail', line: expect.stringMatching(/could not be installed; install Node >=24\.11/) });
    const old = runtime.decide({ running: [20, 20, 2], minimum: LTS, bundled: [22, 22, 0] });
    expect(old).toMatchObject({ action: 'fail', line: expect.stringContaining('so is node_modules/.bin/node (22.22.0)') });
    const again = runtime.decide({ running: [20, 20, 2], minimum: LTS, bundled: [24, 21, 0], handedOverFrom: '20.20.2' });
    expect(again).toMatchObject({ action: 'fail', line: expect.stringContaining('still on Node 20.20.2') });
  });

  it('prints nothing more on the handed-over process, whose Node is new enough', () => {
    expect(runtime.decide({ running: [24, 21, 0], minimum: LTS, bundled: null, handedOverFrom: '20.20.2' })).toEqual({ action: 'here', line: null });
  });

  it('puts node_modules/.bin first on PATH exactly once, so `#!/usr/bin/env node` tools find the same Node', () => {
    const once = runtime.pathWithBinFirst(['/usr/bin', runtime.BIN_DIR, '/bin'].join(path.delimiter));
    expect(once.split(path.delimiter)).toEqual([runtime.BIN_DIR, '/usr/bin', '/bin']);
    expect(runtime.pathWithBinFirst(once)).toBe(once);
  });

  it('on a new enough Node neither installs nor reruns: it resolves, with PATH set for the children', async () => {
    const lines: string[] = [];
    const env: Record<string, string | undefined> = { PATH: '/usr/bin' };
    await expect(runtime.runOnRequiredNode({ running: '24.21.0', env, log: (l) => lines.push(l) })).resolves.toBeUndefined();
    expect(lines).toEqual(['[node] running on Node 24.21.0 (engines: >=24.11)']);
    expect(env.PATH).toBe([runtime.BIN_DIR, '/usr/bin'].join(path.delimiter));
  });

  it('stops a handed-over process that is still on an old Node, and consumes the marker', () => {
    const env: Record<string, string | undefined> = { PATH: '/usr/bin', [runtime.HANDED_OVER_FROM]: '20.20.2' };
    expect(() => runtime.runOnRequiredNode({ running: '20.20.2', env, log: () => undefined })).toThrow(/still on Node 20\.20\.2/);
    expect(env[runtime.HANDED_OVER_FROM]).toBeUndefined();
  });
});

describe('handing a run over (handOff)', () => {
  // A parent that hands over to `child` exactly as an entry script does; its exit is what npm sees.
  function parentOf(child: string, args: string[] = []) {
    const code = `require(${JSON.stringify(RUNTIME)}).handOff(process.execPath, ['-e', ${JSON.stringify(child)}, ...${JSON.stringify(args)}], process.env)`;
    const parent = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    const waiting: Array<{ text: string; resolve: () => void }> = [];
    parent.stdout.on('data', (b: Buffer) => {
      out += b.toString();
      for (const w of waiting) if (out.includes(w.text)) w.resolve();
    });
    const seen = (text: string) => new Promise<void>((resolve) => (out.includes(text) ? resolve() : waiting.push({ text, resolve })));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      parent.on('close', (code: number | null, signal: NodeJS.Signals | null) => resolve({ code, signal })),
    );
    return { parent, seen, exited, output: () => out };
  }

  it("passes the arguments on and exits with the child's exit code", async () => {
    const run = parentOf('console.log(JSON.stringify(process.argv.slice(1))); process.exit(7)', ['a b', '--flag']);
    expect(await run.exited).toEqual({ code: 7, signal: null });
    expect(JSON.parse(run.output())).toEqual(['a b', '--flag']);
  });

  it('passes SIGTERM on, so the child can stop cleanly (npm start stops its services)', async () => {
    const run = parentOf("process.on('SIGTERM', () => { console.log('child stopping'); process.exit(0); }); console.log('ready'); setInterval(() => {}, 1000)");
    await run.seen('ready');
    run.parent.kill('SIGTERM');
    expect(await run.exited).toEqual({ code: 0, signal: null });
    expect(run.output()).toContain('child stopping');
  });

  it('ends by the same signal when the child is killed by it', async () => {
    const run = parentOf("console.log('ready'); setInterval(() => {}, 1000)");
    await run.seen('ready');
    run.parent.kill('SIGINT');
    expect(await run.exited).toEqual({ code: null, signal: 'SIGINT' });
  });
});
