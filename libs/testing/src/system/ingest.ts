import type { Batch } from './workload';
import { sleep } from './stack';

// Sends record batches to the departmental APIs with a bounded client timeout, and keeps an exact account of
// every answer: a batch counts as accepted once some attempt got a 2xx (a retry of a batch whose first attempt
// committed answers "unchanged", so a record is never accepted twice). Every non-2xx answer is tallied by
// status, so a fault run can check that outages showed as 503 + Retry-After, never a 500 or a hang.

export interface Endpoint {
  baseUrl: string;
  apiKey: string;
}

export interface Tally {
  batches: number;
  /** Record items sent / accepted. */
  sentRecords: number;
  acceptedRecords: number;
  /** Units they count for (an aggregate record carries a count): what the monitoring sums must equal. */
  sentUnits: number;
  acceptedUnits: number;
  requests: number;
  /** Answers by status (`timeout` and `network` for no answer). */
  statuses: Record<string, number>;
  /** 503/429 answers without a Retry-After header. */
  missingRetryAfter: number;
  /** Longest single request, ms. */
  maxRequestMs: number;
  firstSentAt: number;
  lastAcceptedAt: number;
  /** Batches given up on (no 2xx within the attempt budget). */
  abandoned: number;
}

export const newTally = (): Tally => ({
  batches: 0, sentRecords: 0, acceptedRecords: 0, sentUnits: 0, acceptedUnits: 0, requests: 0, statuses: {}, missingRetryAfter: 0, maxRequestMs: 0, firstSentAt: 0, lastAcceptedAt: 0, abandoned: 0,
});

export interface SendOptions {
  timeoutMs: number;
  /** Give up on a batch after this long without a 2xx. */
  giveUpAfterMs: number;
  onAccepted?: (batch: Batch, at: number) => void;
}

async function attempt(ep: Endpoint, batch: Batch, body: string, timeoutMs: number): Promise<{ status: string; retryAfter: string | null }> {
  try {
    const res = await fetch(`${ep.baseUrl}/v1/records/${batch.kind}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': ep.apiKey },
      body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    await res.arrayBuffer();
    return { status: String(res.status), retryAfter: res.headers.get('retry-after') };
  } catch (err) {
    const name = (err as Error).name;
    return { status: name === 'TimeoutError' || name === 'AbortError' ? 'timeout' : 'network', retryAfter: null };
  }
}

export async function sendBatch(ep: Endpoint, batch: Batch, tally: Tally, opts: SendOptions): Promise<boolean> {
  const body = JSON.stringify({ items: batch.items });
  const started = Date.now();
  tally.batches++;
  tally.sentRecords += batch.items.length;
  tally.sentUnits += batch.weight;
  if (!tally.firstSentAt) tally.firstSentAt = started;
  for (let n = 0; ; n++) {
    const t0 = Date.now();
    const { status, retryAfter } = await attempt(ep, batch, body, opts.timeoutMs);
    const ms = Date.now() - t0;
    tally.requests++;
    tally.maxRequestMs = Math.max(tally.maxRequestMs, ms);
    tally.statuses[status] = (tally.statuses[status] ?? 0) + 1;
    if (status.startsWith('2')) {
      const at = Date.now();
      tally.acceptedRecords += batch.items.length;
      tally.acceptedUnits += batch.weight;
      tally.lastAcceptedAt = at;
      opts.onAccepted?.(batch, at);
      return true;
    }
    if ((status === '503' || status === '429') && !retryAfter) tally.missingRetryAfter++;
    // A retry of a batch whose earlier attempt is still running in the service (the client gave up on it) can
    // meet that attempt's rows mid-insert: 409 "stored at the same moment; retry". Our content is identical,
    // so a 409 on a retry is that race, and the next attempt sees the rows as unchanged.
    const raceOnRetry = status === '409' && n > 0;
    if (/^4/.test(status) && status !== '429' && !raceOnRetry) throw new Error(`${ep.baseUrl}/v1/records/${batch.kind}: ${status}`);
    if (Date.now() - started > opts.giveUpAfterMs) {
      tally.abandoned++;
      return false;
    }
    const wait = retryAfter && Number.isFinite(Number(retryAfter)) ? Number(retryAfter) * 1000 : Math.min(2000, 100 * 2 ** n);
    await sleep(Math.min(wait, 2000));
  }
}

/** Sends the batches (pulled lazily, interleaved across services) with `concurrency` requests in flight in all. */
export async function sendAll(
  source: Iterable<Batch>,
  endpoint: (b: Batch) => Endpoint,
  concurrency: number,
  tally: Tally,
  opts: SendOptions,
): Promise<void> {
  const it = source[Symbol.iterator]();
  const worker = async () => {
    for (let r = it.next(); !r.done; r = it.next()) await sendBatch(endpoint(r.value), r.value, tally, opts);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

/** Sends batches at `recordsPerSecond` (paced by record count) until `stop()` says so; returns when all are answered. */
export async function sendPaced(
  source: Iterator<Batch>,
  endpoint: (b: Batch) => Endpoint,
  recordsPerSecond: number,
  stop: () => boolean,
  tally: Tally,
  opts: SendOptions,
): Promise<void> {
  const started = Date.now();
  let records = 0;
  const inFlight = new Set<Promise<unknown>>();
  while (!stop()) {
    const next = source.next();
    if (next.done) break;
    const due = started + (records / recordsPerSecond) * 1000;
    if (due > Date.now()) await sleep(due - Date.now());
    records += next.value.items.length;
    const p = sendBatch(endpoint(next.value), next.value, tally, opts).finally(() => inFlight.delete(p));
    inFlight.add(p);
    if (inFlight.size >= 8) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
}
