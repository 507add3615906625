import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// The build compiles only what the entry points require, so a require it fails to follow is a file missing
// from the image, found only when that code path runs in production (KAFKA_CLIENT=platformatic, say).
const { build } = require('./build.cjs') as { build(o: { outDir: string }): Promise<string[]> };

const REQUIRE = /\brequire\((["'])(\.{1,2}\/[^"']*|\.{1,2})\1\)/g;

function resolves(fromFile: string, spec: string): boolean {
  const base = path.resolve(path.dirname(fromFile), spec);
  return [base, `${base}.js`, `${base}.json`, path.join(base, 'index.js')].some((f) => fs.existsSync(f) && fs.statSync(f).isFile());
}

describe('build (dist/ for the image)', () => {
  let outDir: string;
  let written: string[];

  beforeAll(async () => {
    outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wdp-build-'));
    written = await build({ outDir });
  }, 120_000);
  afterAll(() => fs.rmSync(outDir, { recursive: true, force: true }));

  it('holds every file a built file requires, whatever quotes the require was written with', () => {
    const missing: string[] = [];
    for (const rel of written.filter((f) => f.endsWith('.js'))) {
      const file = path.join(outDir, rel);
      for (const [, , spec] of fs.readFileSync(file, 'utf8').matchAll(REQUIRE)) {
        if (!resolves(file, spec)) missing.push(`${rel} → ${spec}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('compiles the Kafka client chosen at run time, which is required lazily', () => {
    expect(written).toEqual(expect.arrayContaining(['libs/messaging/src/kafkajs-client.js', 'libs/messaging/src/platformatic-client.js']));
  });

  it('ships the plan documents beside seed-files.js, where the monitoring service looks for them at start', () => {
    expect(written).toContain('apps/monitoring-service/src/plans/seed-files.js');
    const dir = path.resolve(outDir, 'apps/monitoring-service/src/plans', '../../../../libs/plans/plans');
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()).toEqual(fs.readdirSync(path.join(__dirname, '../../libs/plans/plans')).filter((f) => f.endsWith('.yaml')).sort());
  });

  it('ships both area files where the monitoring service reads them at start (the district’s and the areas above it)', () => {
    expect(fs.existsSync(path.join(outDir, 'deploy/reference/areas.json'))).toBe(true);
    expect(fs.existsSync(path.join(outDir, 'deploy/reference/reference-areas.json'))).toBe(true);
  });

  it('leaves tests and test helpers out', () => {
    expect(written.filter((f) => /\.(integration-)?spec\.js$/.test(f))).toEqual([]);
  });
});
