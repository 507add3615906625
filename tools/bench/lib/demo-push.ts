import { DEPARTMENT_CODES, type DepartmentCode } from '@wdp/contracts';
import { type DemoDataSet, DEFAULT_SEED, generateDemoData } from '@wdp/demo-data';
import { jobsOf, runJobs } from '../../demo-data/push';
import { serviceOf, type Target } from '../../demo-data/targets';

// A realistic push: the demo data set (`npm start`'s load: every department's records in batches of up to
// 5,000, mixed sexes spread over all partitions, and the statistics bureau's returns), sent the way the demo
// loader sends it, four requests in flight.

export interface DemoPushOptions {
  scale: number;
  concurrency: number;
  /** Returns left out of the push, e.g. the series the alert probe writes (a different figure would be a 409). */
  skipReturn?: (r: { kind: string; area: string }) => boolean;
  now?: Date;
}

export interface DemoPushResult {
  records: number;
  returns: number;
  requests: number;
  seconds: number;
}

/** The demo data set for the push, without the returns `skipReturn` names. */
export function demoPushData(options: Pick<DemoPushOptions, 'scale' | 'skipReturn' | 'now'>): DemoDataSet {
  const now = options.now ?? new Date();
  const { data } = generateDemoData({ seed: DEFAULT_SEED, scale: options.scale, from: 2020, to: now.getUTCFullYear(), now });
  const skip = options.skipReturn;
  return skip ? { ...data, returns: data.returns.filter((r) => !skip(r)) } : data;
}

export async function demoPush(data: DemoDataSet, targetOf: (department: DepartmentCode, service: string) => Target, concurrency: number): Promise<DemoPushResult> {
  const targets = new Map(DEPARTMENT_CODES.map((d) => [d, targetOf(d, serviceOf(d))]));
  const jobs = jobsOf(data, 5_000, serviceOf);
  const started = Date.now();
  const tallies = await runJobs(jobs, targets, concurrency);
  const all = [...tallies.values()];
  return {
    records: all.reduce((n, t) => n + t.records.sent, 0),
    returns: all.reduce((n, t) => n + t.returns.sent, 0),
    requests: all.reduce((n, t) => n + t.requests, 0),
    seconds: (Date.now() - started) / 1000,
  };
}
