/**
 * `npm start` runs this once the seven services are ready: it generates the demo data set and pushes it
 * through the public APIs with the demo keys, unless it is already loaded. Also usable by hand:
 *
 *   node -r @swc-node/register -r tsconfig-paths/register tools/demo-data/load.ts [--seed N] [--scale X]
 *        [--from 2020] [--to <year>] [--dry-run] [--force] [--batch-size 5000] [--concurrency 4] [--keys-dir .local/keys]
 *
 * Already loaded = the sentinel record (the last live birth of the data set, pushed alone after everything
 * else succeeded) is found through the health service's API. A marker file under .local/demo-data/ records
 * what was loaded, for people; the API check decides, so a wiped database is reloaded and a deleted marker
 * does not cause a second load.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { type DepartmentCode, loadAreas } from '@wdp/contracts';
import { type DemoDataSet, type DemoRecord, recordTotal, DEFAULT_SEED, generateDemoData, SMALL_NUMBER_INDICATORS } from '@wdp/demo-data';
import { ApiError, requestJson } from './http-client';
import { jobsOf, runJobs, type ServiceTally } from './push';
import { checkScenarios } from './scenario-report';
import { baseUrlOf, serviceOf, type Target, targetOf } from './targets';

const log = (message: string) => console.log(`[demo-data] ${message}`);

interface Cli {
  seed: number;
  scale: number;
  from: number;
  to: number;
  dryRun: boolean;
  force: boolean;
  batchSize: number;
  concurrency: number;
  keysDir: string;
}

function parseCli(argv: string[], now: Date): Cli {
  const { values } = parseArgs({
    args: argv,
    options: {
      seed: { type: 'string' }, scale: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' },
      'dry-run': { type: 'boolean' }, force: { type: 'boolean' }, 'batch-size': { type: 'string' }, concurrency: { type: 'string' }, 'keys-dir': { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log('usage: load.ts [--seed N] [--scale X] [--from YYYY] [--to YYYY] [--dry-run] [--force] [--batch-size N≤10000] [--concurrency N] [--keys-dir DIR]');
    process.exit(0);
  }
  const num = (v: string | undefined, fallback: number, name: string) => {
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number, got '${v}'`);
    return n;
  };
  const cli: Cli = {
    seed: Math.trunc(num(values.seed ?? process.env.DEMO_SEED, DEFAULT_SEED, 'seed')),
    scale: num(values.scale ?? process.env.DEMO_SCALE, 0.6, 'scale'),
    from: Math.trunc(num(values.from, 2020, 'from')),
    to: Math.trunc(num(values.to, now.getUTCFullYear(), 'to')),
    dryRun: values['dry-run'] ?? false,
    force: values.force ?? false,
    batchSize: Math.trunc(num(values['batch-size'], 5000, 'batch-size')),
    concurrency: Math.trunc(num(values.concurrency, 4, 'concurrency')),
    keysDir: resolve(values['keys-dir'] ?? process.env.DEMO_KEYS_DIR ?? resolve(process.cwd(), '.local', 'keys')),
  };
  if (cli.batchSize > 10_000) throw new Error('--batch-size must be at most 10000');
  if (cli.from > cli.to) throw new Error('--from must not be after --to');
  return cli;
}

function printCounts(data: DemoDataSet): void {
  const perService = new Map<string, { records: number; returns: number }>();
  for (const [key, items] of data.records) {
    const s = serviceOf(key.split('/')[0] as DepartmentCode);
    const t = perService.get(s) ?? { records: 0, returns: 0 };
    t.records += items.length;
    perService.set(s, t);
  }
  for (const r of data.returns) {
    const s = serviceOf(r.department);
    const t = perService.get(s) ?? { records: 0, returns: 0 };
    t.returns++;
    perService.set(s, t);
  }
  for (const [s, t] of [...perService].sort()) log(`  ${s.padEnd(26)} ${String(t.records).padStart(7)} records ${String(t.returns).padStart(5)} returns`);
  log(`  ${'total'.padEnd(26)} ${String(recordTotal(data)).padStart(7)} records ${String(data.returns.length).padStart(5)} returns`);
}

/** The record pushed last, alone: finding it means a complete earlier load of the same data. */
function sentinelOf(data: DemoDataSet): { department: DepartmentCode; kind: string; record: DemoRecord } {
  const births = data.records.get('health/live-birth');
  if (!births?.length) throw new Error('the data set has no live births to use as a sentinel');
  return { department: 'health', kind: 'live-birth', record: births[births.length - 1] };
}

async function sentinelPresent(target: Target, kind: string, reference: string): Promise<boolean> {
  const url = `${target.baseUrl}/v1/records/${kind}?reference=${encodeURIComponent(reference)}&limit=1`;
  const res = await requestJson<{ items: unknown[] }>({ method: 'GET', url, apiKey: target.apiKey, attempts: 3 });
  return res.body.items.length > 0;
}

async function ready(service: string): Promise<boolean> {
  try {
    return (await fetch(`${baseUrlOf(service)}/health/ready`, { signal: AbortSignal.timeout(3000) })).status === 200;
  } catch {
    return false;
  }
}

function printSummary(tallies: Map<string, ServiceTally>, ms: number): void {
  log('summary (sent / created now / already there):');
  for (const t of [...tallies.values()].sort((a, b) => a.service.localeCompare(b.service))) {
    const r = t.records;
    const q = t.returns;
    log(`  ${t.service.padEnd(26)} records ${r.sent}/${r.created}/${r.unchanged}  returns ${q.sent}/${q.created}/${q.unchanged}  requests ${t.requests}${t.retries ? ` retries ${t.retries}` : ''}${t.replayed ? ` replayed ${t.replayed}` : ''}`);
  }
  log(`done in ${(ms / 1000).toFixed(1)} s`);
}

function describe(err: unknown): string {
  const job = (err as { job?: string }).job;
  if (err instanceof ApiError) {
    const p = err.problem as { title?: string; detail?: string; errors?: { field?: string; reason?: string }[] } | undefined;
    const lines = [`${job ?? ''}: ${err.status} ${p?.title ?? ''}${p?.detail ? ` - ${p.detail}` : ''}`];
    for (const e of (p?.errors ?? []).slice(0, 20)) lines.push(`    ${e.field ?? ''}: ${e.reason ?? ''}`);
    if ((p?.errors?.length ?? 0) > 20) lines.push(`    ... ${p!.errors!.length - 20} more`);
    if (err.status === 409) lines.push('    (a record with the same reference but other content exists: was the data set loaded with another generator version? try another --seed)');
    return lines.join('\n');
  }
  return `${job ? `${job}: ` : ''}${(err as Error).message ?? String(err)}`;
}

async function main(): Promise<void> {
  const now = new Date();
  const cli = parseCli(process.argv.slice(2), now);
  const started = Date.now();
  const { data, notes } = generateDemoData({ seed: cli.seed, scale: cli.scale, from: cli.from, to: cli.to, now });
  log(`generated seed ${cli.seed}, scale ${cli.scale}, ${cli.from}-${cli.to}: ${recordTotal(data)} records, ${data.returns.length} returns in ${Date.now() - started} ms`);
  for (const n of notes) log(`note: ${n}`);

  if (cli.dryRun) {
    printCounts(data);
    const checks = checkScenarios(data, loadAreas());
    log('district scenarios (planned → what the generated data give):');
    for (const c of checks.filter((x) => x.scenario !== 'achieved' && x.scenario !== 'on_track' || !x.holds)) {
      log(`  ${c.code.padEnd(7)} ${c.scenario.padEnd(20)} ${c.status.padEnd(20)}${c.fluctuating ? ' fluctuating' : ''}${c.gapWidening ? ' gap-widening' : ''}${c.holds ? '' : SMALL_NUMBER_INDICATORS.has(c.code) ? '  (small numbers)' : '  (DOES NOT HOLD)'}`);
    }
    log(`${checks.filter((c) => c.holds).length}/${checks.length} indicators show their planned scenario`);
    return;
  }

  const departments = [...new Set<DepartmentCode>([...[...data.records.keys()].map((k) => k.split('/')[0] as DepartmentCode), ...data.returns.map((r) => r.department)])];
  const targets = new Map<DepartmentCode, Target>();
  const skip = new Set<string>();
  for (const d of departments) {
    const service = serviceOf(d);
    if (!(await ready(service))) throw new Error(`${service} is not ready at ${baseUrlOf(service)} (start the system with npm start)`);
    try {
      targets.set(d, targetOf(d, cli.keysDir));
    } catch (err) {
      if (d !== 'statistics') throw err;
      // The statistics bureau's returns go to the monitoring service's own API; without its key they are skipped.
      log(`skipping the statistics returns: ${(err as Error).message}`);
      skip.add(d);
    }
  }

  const sentinel = sentinelOf(data);
  const health = targets.get('health')!;
  if (!cli.force && (await sentinelPresent(health, sentinel.kind, sentinel.record.reference))) {
    log(`already loaded (seed ${cli.seed}: ${sentinel.record.reference} is in the health service); skipping. Use --force to push again (nothing is counted twice).`);
    return;
  }

  const held = data.records.get('health/live-birth')!.pop()!;
  const jobs = jobsOf(data, cli.batchSize, serviceOf, skip);
  data.records.get('health/live-birth')!.push(held);
  log(`pushing ${jobs.length} requests (${cli.concurrency} at a time, batches of ≤ ${cli.batchSize})...`);
  const pushStarted = Date.now();
  let lastReport = 0;
  const tallies = await runJobs(jobs, targets, cli.concurrency, (done, total) => {
    if (Date.now() - lastReport > 5000 || done === total) {
      lastReport = Date.now();
      log(`  ${done}/${total} requests`);
    }
  });
  const sentinelTallies = await runJobs(jobsOf({ ...data, records: new Map([['health/live-birth', [held]]]), returns: [] }, 1, serviceOf), targets, 1);
  const h = tallies.get('health-service')!;
  const s = sentinelTallies.get('health-service')!;
  h.records.sent += s.records.sent;
  h.records.created += s.records.created;
  h.records.unchanged += s.records.unchanged;
  h.requests += s.requests;

  const marker = resolve(process.cwd(), '.local', 'demo-data');
  mkdirSync(marker, { recursive: true });
  writeFileSync(
    resolve(marker, 'loaded.json'),
    `${JSON.stringify({ seed: cli.seed, scale: cli.scale, from: cli.from, to: cli.to, loadedAt: new Date().toISOString(), sentinel: sentinel.record.reference, records: recordTotal(data), returns: data.returns.length - (skip.has('statistics') ? data.returns.filter((r) => r.department === 'statistics').length : 0), pushSeconds: (Date.now() - pushStarted) / 1000 }, null, 2)}\n`,
  );
  printSummary(tallies, Date.now() - started);
}

main().catch((err) => {
  console.error(`[demo-data] failed: ${describe(err)}`);
  process.exitCode = 1;
});
