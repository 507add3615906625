import { PeriodicJob } from './periodic-job';

/** A job whose runs finish only when the test says so. */
class ManualJob extends PeriodicJob {
  protected readonly task = 'manual task';
  readonly runs: Array<{ finish: (line?: string) => void; fail: (err: Error) => void }> = [];
  readonly logged: string[] = [];
  readonly failed: string[] = [];

  constructor(private readonly every: number) {
    super();
    jest.spyOn(this.logger, 'log').mockImplementation((m: string) => void this.logged.push(m));
    jest.spyOn(this.logger, 'error').mockImplementation((m: string) => void this.failed.push(m));
  }

  protected intervalMs(): number {
    return this.every;
  }

  protected runOnce(): Promise<string | undefined> {
    return new Promise((resolve, reject) => this.runs.push({ finish: resolve, fail: reject }));
  }
}

const settle = () => new Promise((r) => jest.requireActual<typeof import('timers')>('timers').setImmediate(r));

describe('PeriodicJob', () => {
  beforeEach(() => jest.useFakeTimers({ doNotFake: ['setImmediate'] }));
  afterEach(() => jest.useRealTimers());

  it('skips a tick while the previous run is still going, and runs again once it has finished', async () => {
    const job = new ManualJob(100);
    job.onApplicationBootstrap();
    jest.advanceTimersByTime(100);
    jest.advanceTimersByTime(100);
    expect(job.runs).toHaveLength(1);
    job.runs[0].finish('did one');
    await settle();
    jest.advanceTimersByTime(100);
    expect(job.runs).toHaveLength(2);
    expect(job.logged).toEqual(['did one']);
    job.runs[1].finish();
    await job.onApplicationShutdown();
  });

  it('logs a failed run with its task and keeps going', async () => {
    const job = new ManualJob(100);
    job.onApplicationBootstrap();
    jest.advanceTimersByTime(100);
    job.runs[0].fail(new Error('database gone'));
    await settle();
    expect(job.failed).toEqual(['manual task failed: database gone']);
    jest.advanceTimersByTime(100);
    expect(job.runs).toHaveLength(2);
    job.runs[1].finish();
    await job.onApplicationShutdown();
  });

  it('waits at shutdown for the run in progress, and never runs after it', async () => {
    const job = new ManualJob(100);
    job.onApplicationBootstrap();
    jest.advanceTimersByTime(100);
    let stopped = false;
    const stopping = job.onApplicationShutdown().then(() => (stopped = true));
    await settle();
    expect(stopped).toBe(false);
    job.runs[0].finish();
    await stopping;
    jest.advanceTimersByTime(1_000);
    expect(job.runs).toHaveLength(1);
  });

  it('never starts with an interval of 0', () => {
    const job = new ManualJob(0);
    job.onApplicationBootstrap();
    jest.advanceTimersByTime(10_000);
    expect(job.runs).toHaveLength(0);
  });
});
