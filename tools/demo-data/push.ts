import { createHash } from 'node:crypto';
import type { DepartmentCode } from '@wdp/contracts';
import { type DemoDataSet, type DemoRecord, type DemoReturn, splitKindKey } from '@wdp/demo-data';
import { requestJson } from './http-client';
import type { Target } from './targets';

export const MAX_BATCH = 10_000;

export interface Tally {
  sent: number;
  created: number;
  unchanged: number;
}

export interface ServiceTally {
  service: string;
  records: Tally;
  returns: Tally;
  requests: number;
  retries: number;
  replayed: number;
}

export interface Job {
  service: string;
  department: DepartmentCode;
  label: string;
  run(target: Target): Promise<{ kind: 'records' | 'returns'; tally: Tally; retries: number; replayed: boolean }>;
}

/** Same seed and content → same key, so a replayed request returns the stored answer; other content → another key. */
export function idempotencyKeyOf(seed: number, body: unknown): string {
  return `demo-${seed}-${createHash('sha256').update(JSON.stringify(body)).digest('hex').slice(0, 32)}`;
}

interface BatchAnswer {
  received: number;
  created: number;
  unchanged: number;
}

export function recordBatchJob(seed: number, department: DepartmentCode, service: string, kind: string, items: DemoRecord[], index: number): Job {
  const body = { items };
  return {
    service,
    department,
    label: `${department}/${kind} batch ${index + 1} (${items.length})`,
    run: async (target) => {
      const res = await requestJson<BatchAnswer>({
        method: 'POST', url: `${target.baseUrl}/v1/records/${kind}`, apiKey: target.apiKey, body, idempotencyKey: idempotencyKeyOf(seed, body),
      });
      // A replayed answer repeats what the first request created; nothing was created now.
      const tally = res.replayed ? { sent: items.length, created: 0, unchanged: items.length } : { sent: items.length, created: res.body.created, unchanged: res.body.unchanged };
      return { kind: 'records', tally, retries: res.retries, replayed: res.replayed };
    },
  };
}

export function returnJob(seed: number, service: string, ret: DemoReturn): Job {
  const body = { area: ret.area, period: ret.period, unit: ret.unit, figures: ret.figures };
  return {
    service,
    department: ret.department,
    label: `${ret.department}/${ret.kind} ${ret.area} ${ret.period}`,
    run: async (target) => {
      const res = await requestJson<{ outcome?: string }>({
        method: 'POST', url: `${target.baseUrl}/v1/returns/${ret.kind}`, apiKey: target.apiKey, body, idempotencyKey: idempotencyKeyOf(seed, { kind: ret.kind, ...body }),
      });
      const created = !res.replayed && res.body?.outcome === 'created' ? 1 : 0;
      return { kind: 'returns', tally: { sent: 1, created, unchanged: 1 - created }, retries: res.retries, replayed: res.replayed };
    },
  };
}

/**
 * The requests that load a data set: record batches of at most `batchSize` per kind, then one request per
 * return. Jobs are interleaved across services so that parallel requests spread over the seven services
 * instead of queueing on one.
 */
export function jobsOf(data: DemoDataSet, batchSize: number, serviceOf: (d: DepartmentCode) => string, skipDepartments: ReadonlySet<string> = new Set()): Job[] {
  const size = Math.max(1, Math.min(MAX_BATCH, batchSize));
  const perService = new Map<string, Job[]>();
  const push = (job: Job) => perService.set(job.service, [...(perService.get(job.service) ?? []), job]);
  for (const [key, items] of data.records) {
    const { department, kind } = splitKindKey(key);
    if (skipDepartments.has(department)) continue;
    for (let i = 0, n = 0; i < items.length; i += size, n++) push(recordBatchJob(data.seed, department, serviceOf(department), kind, items.slice(i, i + size), n));
  }
  for (const ret of data.returns) if (!skipDepartments.has(ret.department)) push(returnJob(data.seed, serviceOf(ret.department), ret));
  const queues = [...perService.values()];
  const out: Job[] = [];
  for (let i = 0; queues.some((q) => i < q.length); i++) for (const q of queues) if (i < q.length) out.push(q[i]);
  return out;
}

/** Runs the jobs `concurrency` at a time; the first failure stops new jobs and is rethrown. */
export async function runJobs(jobs: Job[], targets: Map<DepartmentCode, Target>, concurrency: number, onDone?: (done: number, total: number) => void): Promise<Map<string, ServiceTally>> {
  const tallies = new Map<string, ServiceTally>();
  let next = 0;
  let done = 0;
  let failure: unknown;
  const worker = async () => {
    while (failure === undefined && next < jobs.length) {
      const job = jobs[next++];
      try {
        const r = await job.run(targets.get(job.department)!);
        const t = tallies.get(job.service) ?? { service: job.service, records: zero(), returns: zero(), requests: 0, retries: 0, replayed: 0 };
        add(t[r.kind], r.tally);
        t.requests++;
        t.retries += r.retries;
        if (r.replayed) t.replayed++;
        tallies.set(job.service, t);
        onDone?.(++done, jobs.length);
      } catch (err) {
        failure ??= Object.assign(err as object, { job: job.label });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
  if (failure !== undefined) throw failure;
  return tallies;
}

const zero = (): Tally => ({ sent: 0, created: 0, unchanged: 0 });
function add(into: Tally, t: Tally) {
  into.sent += t.sent;
  into.created += t.created;
  into.unchanged += t.unchanged;
}
