/** A group's run failed; every input of the group is rejected with it. `size` tells a lone failure from a shared one. */
export class GroupFailure extends Error {
  constructor(readonly size: number, override readonly cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = 'GroupFailure';
  }
}

interface Pending<T> {
  input: T;
  resolve(): void;
  reject(error: GroupFailure): void;
}

/**
 * Joins inputs submitted in the same turn of the event loop into one run, and never runs two things at once.
 *
 * A Kafka client hands a fetch's partition batches over concurrently; each `submit` waits for the run of the
 * group it joined, so each caller still commits its own offsets after the shared transaction committed. The
 * group is closed when its run starts (setImmediate, after every microtask of the turn), so callers whose way
 * to `submit` passes through I/O join the next group rather than delay this one. Runs and `exclusive` calls
 * form one queue: the consumer stays the only writer of what it applies, even while a failed group's inputs
 * are retried on their own.
 */
export class WorkGroup<T> {
  private pending: Pending<T>[] = [];
  private scheduled = false;
  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly run: (inputs: T[]) => Promise<void>) {}

  /** Resolves once the run holding `input` succeeded; rejects with a GroupFailure if it failed. */
  submit(input: T): Promise<void> {
    const done = new Promise<void>((resolve, reject) => this.pending.push({ input, resolve, reject }));
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => void this.exclusive(() => this.flush()));
    }
    return done;
  }

  /** Runs `fn` after everything queued before it, and before anything queued after it. */
  exclusive<R>(fn: () => Promise<R>): Promise<R> {
    const result = this.tail.then(fn);
    this.tail = result.catch(() => undefined);
    return result;
  }

  private async flush(): Promise<void> {
    // Taken now, not when scheduled: inputs that arrived while an earlier run went on join this one.
    const group = this.pending;
    this.pending = [];
    this.scheduled = false;
    if (group.length === 0) return;
    try {
      await this.run(group.map((p) => p.input));
    } catch (error) {
      const failure = new GroupFailure(group.length, error);
      for (const p of group) p.reject(failure);
      return;
    }
    for (const p of group) p.resolve();
  }
}
