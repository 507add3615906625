import type { MonitoringServiceConfig } from '../config';
import { RUN_SOON_DELAY_MS, ValidationRunJob } from './validation-run.job';
import type { RunSummary, ValidationService } from './validation.service';

const summary: RunSummary = { rules: 1, checked: 4, violations: 0, resolved: 2, cellsReleased: 1, cellsHeld: 0 };
const settle = () => new Promise((r) => jest.requireActual<typeof import('timers')>('timers').setImmediate(r));

/** The job over a validation service whose runs finish only when the test says so, with the schedule off. */
function jobWithManualRuns() {
  const runs: { only: ReadonlySet<string> | undefined; finish: () => void }[] = [];
  const validation = { run: (only?: ReadonlySet<string>) => new Promise<RunSummary>((resolve) => runs.push({ only, finish: () => resolve(summary) })) };
  const job = new ValidationRunJob(validation as unknown as ValidationService, { VALIDATION_RUN_INTERVAL_MS: 0 } as MonitoringServiceConfig);
  jest.spyOn(job['logger'], 'log').mockImplementation(() => undefined);
  return { job, runs };
}

describe('ValidationRunJob.soon: the rules new data may resolve, run a moment after the batch commits', () => {
  beforeEach(() => jest.useFakeTimers({ doNotFake: ['setImmediate'] }));
  afterEach(() => jest.useRealTimers());

  it('runs the rules asked for within the delay together, once, and only those', () => {
    const { job, runs } = jobWithManualRuns();
    job.soon(['VR-01']);
    jest.advanceTimersByTime(RUN_SOON_DELAY_MS / 2);
    job.soon(['VR-02', 'VR-01']);
    expect(runs).toHaveLength(0);
    jest.advanceTimersByTime(RUN_SOON_DELAY_MS / 2);
    expect(runs.map((r) => [...r.only!].sort())).toEqual([['VR-01', 'VR-02']]);
    jest.advanceTimersByTime(10 * RUN_SOON_DELAY_MS);
    expect(runs).toHaveLength(1);
  });

  it('asks made while a run is going wait for it, then run with whatever was asked meanwhile', async () => {
    const { job, runs } = jobWithManualRuns();
    job.soon(['VR-01']);
    jest.advanceTimersByTime(RUN_SOON_DELAY_MS);
    job.soon(['VR-03']);
    jest.advanceTimersByTime(3 * RUN_SOON_DELAY_MS);
    expect(runs).toHaveLength(1);
    runs[0].finish();
    await settle();
    jest.advanceTimersByTime(RUN_SOON_DELAY_MS);
    expect(runs.map((r) => [...r.only!])).toEqual([['VR-01'], ['VR-03']]);
  });

  it('after a run that took longer than the delay, waits as long as it took: rules run at most half the time', async () => {
    const { job, runs } = jobWithManualRuns();
    job.soon(['VR-01']);
    jest.advanceTimersByTime(RUN_SOON_DELAY_MS);
    jest.advanceTimersByTime(5 * RUN_SOON_DELAY_MS);
    runs[0].finish();
    await settle();
    job.soon(['VR-01']);
    jest.advanceTimersByTime(5 * RUN_SOON_DELAY_MS - 1);
    expect(runs).toHaveLength(1);
    jest.advanceTimersByTime(1);
    expect(runs).toHaveLength(2);
  });

  it('asks for nothing with no rules, and none after shutdown, which waits for the run in progress', async () => {
    const { job, runs } = jobWithManualRuns();
    job.soon([]);
    jest.advanceTimersByTime(RUN_SOON_DELAY_MS);
    expect(runs).toHaveLength(0);
    job.soon(['VR-01']);
    jest.advanceTimersByTime(RUN_SOON_DELAY_MS);
    let stopped = false;
    const shutdown = job.onApplicationShutdown().then(() => (stopped = true));
    await settle();
    expect(stopped).toBe(false);
    runs[0].finish();
    await shutdown;
    job.soon(['VR-02']);
    jest.advanceTimersByTime(RUN_SOON_DELAY_MS);
    expect(runs).toHaveLength(1);
  });
});
