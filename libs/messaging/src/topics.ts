import { topicSpecs, type TopicSpec } from '@wdp/contracts';
import { backoffDelay, sleep, type BackoffOptions } from './backoff';
import { createKafka, type KafkaAdmin } from './kafka-client';
import type { MessagingLogger } from './logger';

export interface EnsureTopicsOptions {
  /** How long to wait for the metadata to show every topic with a leader on every partition. */
  timeoutMs?: number;
  logger?: MessagingLogger;
}

/**
 * Creates the topics that are missing, with their partition counts, and waits until the broker's metadata
 * shows all of them with leaders. Existing topics are left alone (a smaller partition count is reported,
 * never changed silently). Explicit creation because KRaft races when topics are auto-created on first use.
 */
export async function ensureTopics(
  brokers: string,
  specs: TopicSpec[] = topicSpecs(),
  { timeoutMs = 30_000, logger }: EnsureTopicsOptions = {},
): Promise<void> {
  const admin = createKafka({ brokers, clientId: 'wdp-topic-admin', logger }).admin();
  try {
    await admin.connect();
    const existing = new Set(await admin.listTopics());
    const missing = specs.filter((s) => !existing.has(s.name));
    if (missing.length > 0) {
      // Another process may create some of them between listTopics and createTopics: that is no error.
      await admin.createTopics(missing.map((s) => ({ name: s.name, partitions: s.partitions })), { timeoutMs }).catch((err: unknown) => {
        // kafkajs looks the new topics up once created and gives up on a broker whose metadata lags behind the
        // controller (seen under load as "This server does not host this topic-partition"); the wait below
        // retries that lookup until the deadline instead.
        if (!isMetadataLag(err)) throw err;
        logger?.warn('topics created; their metadata lags, waiting', { error: (err as Error).message });
      });
    }
    await waitForTopicMetadata(admin, specs, timeoutMs, logger);
  } finally {
    // Also after a failed connect, so a retried call does not leak the half-open client's sockets.
    await admin.disconnect().catch(() => undefined);
  }
}

export interface KeepEnsuringTopicsOptions extends EnsureTopicsOptions {
  /** Stops the retries (service shutdown); the promise then resolves false. */
  signal?: AbortSignal;
  backoff?: BackoffOptions;
}

/**
 * ensureTopics, retried with backoff until the broker's metadata has every topic. For a service's start: the
 * broker may not be up yet, or may be a new one, and services start in any order. Resolves true once the
 * topics are there, false if aborted first; never rejects.
 */
export async function keepEnsuringTopics(
  brokers: string,
  specs: TopicSpec[] = topicSpecs(),
  { signal, backoff = { baseMs: 500, maxMs: 15_000 }, ...options }: KeepEnsuringTopicsOptions = {},
): Promise<boolean> {
  for (let attempt = 1; ; attempt++) {
    if (signal?.aborted) return false;
    try {
      await ensureTopics(brokers, specs, options);
      return true;
    } catch (err) {
      const delay = backoffDelay(attempt, backoff);
      options.logger?.warn('topics not ready yet; retrying', { error: (err as Error).message, retryCount: attempt, retryTime: delay });
      await abortableSleep(delay, signal);
    }
  }
}

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (!signal) return sleep(ms);
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done);
  });
}

const METADATA_LAG = new Set(['UNKNOWN_TOPIC_OR_PARTITION', 'LEADER_NOT_AVAILABLE']);

function isMetadataLag(err: unknown): boolean {
  return METADATA_LAG.has(String((err as { type?: unknown } | null)?.type));
}

async function waitForTopicMetadata(admin: KafkaAdmin, specs: TopicSpec[], timeoutMs: number, logger?: MessagingLogger) {
  if (specs.length === 0) return;
  const deadline = Date.now() + timeoutMs;
  let lastProblem = '';
  for (;;) {
    try {
      const leaders = await admin.partitionLeaders(specs.map((s) => s.name));
      const notReady = specs.filter((s) => {
        const t = leaders.get(s.name);
        return !t || t.length === 0 || t.some((leader) => leader < 0);
      });
      if (notReady.length === 0) {
        for (const s of specs) {
          const actual = leaders.get(s.name)!.length;
          if (actual < s.partitions) {
            logger?.warn('topic has fewer partitions than configured', { topic: s.name, partition: actual });
          }
        }
        return;
      }
      lastProblem = `not ready: ${notReady.map((s) => s.name).join(', ')}`;
    } catch (err) {
      lastProblem = (err as Error).message;
    }
    if (Date.now() > deadline) throw new Error(`topics did not appear in broker metadata within ${timeoutMs} ms (${lastProblem})`);
    await sleep(200);
  }
}
