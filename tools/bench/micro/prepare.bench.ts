import { loadAreas, requireRecordKind } from '@wdp/contracts';
import { DEFAULT_SEED, generateDemoData, splitKindKey, type DemoRecord } from '@wdp/demo-data';
import { prepareSubmission, recordKindFromDefinition, type RuleContext } from '@wdp/ingestion';

// CPU per record of a departmental service's prepare path (identifier scan, validation, rules, fact, content
// hash) on the demo data set, in requests of 5,000 items as the demo loader and the pipeline bench send them.
// Run: SWCRC=true node -r @swc-node/register -r tsconfig-paths/register tools/bench/micro/prepare.bench.ts
// (add --cpu-prof to profile). PREPARE_SCALE (default 1) sizes the data set, PREPARE_ROUNDS the repetitions.

const SCALE = Number(process.env.PREPARE_SCALE ?? 1);
const ROUNDS = Number(process.env.PREPARE_ROUNDS ?? 5);
const BATCH = 5_000;
// A fixed clock, so the data and every "not in the future" rule are the same on every run.
const NOW = new Date('2026-03-15T00:00:00Z');

interface Job {
  spec: ReturnType<typeof recordKindFromDefinition>;
  ctx: RuleContext;
  body: { items: DemoRecord[] };
}

export interface PrepareBenchResult {
  records: number;
  usPerRecordCpu: number;
  usPerRecordWall: number;
  rejected: number;
  /** Share of the items the compiled check passes (the rest take class-validator); absent before it existed. */
  compiledShare?: number;
}

function jobsOf(): { jobs: Job[]; records: number } {
  const { data } = generateDemoData({ seed: DEFAULT_SEED, scale: SCALE, from: 2020, to: NOW.getUTCFullYear() - 1, now: NOW });
  const areas = loadAreas();
  const jobs: Job[] = [];
  let records = 0;
  for (const [key, items] of data.records) {
    const { department, kind } = splitKindKey(key);
    const spec = recordKindFromDefinition(requireRecordKind(department, kind));
    const ctx: RuleContext = { department, hasArea: (c) => areas.has(c), now: NOW };
    // JSON round trip: the service sees a freshly parsed body, not the generator's shared objects.
    for (let i = 0; i < items.length; i += BATCH) jobs.push({ spec, ctx, body: JSON.parse(JSON.stringify({ items: items.slice(i, i + BATCH) })) });
    records += items.length;
  }
  return { jobs, records };
}

/** One pass over every job; each body is parsed again (the identifier scan caches per body object). */
function pass(jobs: Job[]): { cpuUs: number; wallUs: number; rejected: number } {
  const bodies = jobs.map((j) => JSON.parse(JSON.stringify(j.body)) as unknown);
  let rejected = 0;
  const cpu = process.cpuUsage();
  const wall = process.hrtime.bigint();
  jobs.forEach((j, i) => {
    rejected += prepareSubmission(j.spec, bodies[i], j.ctx).errors.length;
  });
  const wallUs = Number(process.hrtime.bigint() - wall) / 1000;
  const used = process.cpuUsage(cpu);
  return { cpuUs: used.user + used.system, wallUs, rejected };
}

/** How many items of the data set the kinds' compiled checks pass, where the kinds have one. */
function compiledShare(jobs: Job[], records: number): number | undefined {
  const check = (j: Job) => (j.spec as { compiledCheck?: (raw: unknown) => boolean }).compiledCheck;
  if (!jobs.some(check)) return undefined;
  const passed = jobs.reduce((n, j) => n + j.body.items.filter((item) => check(j)?.(item)).length, 0);
  return Math.round((passed / records) * 1000) / 1000;
}

export function runPrepareBench(): PrepareBenchResult {
  const { jobs, records } = jobsOf();
  pass(jobs); // warm-up: JIT and the validators' first compilation
  const runs = Array.from({ length: ROUNDS }, () => pass(jobs));
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return {
    records,
    usPerRecordCpu: Math.round((median(runs.map((r) => r.cpuUs)) / records) * 10) / 10,
    usPerRecordWall: Math.round((median(runs.map((r) => r.wallUs)) / records) * 10) / 10,
    rejected: runs[0].rejected,
    compiledShare: compiledShare(jobs, records),
  };
}

if (require.main === module) console.log(JSON.stringify(runPrepareBench()));
