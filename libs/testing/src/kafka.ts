import { randomBytes } from 'node:crypto';
import { deadLetterTopic } from '@wdp/contracts';
import { createKafka, ensureTopics, headersToRecord } from '@wdp/messaging';
import { testInfra } from './infra-env';

/** A topic name no other test (or test run) uses. */
export function uniqueTopicName(base: string): string {
  return `test.${base.replace(/[^a-zA-Z0-9._-]+/g, '-')}.${Date.now().toString(36)}.${randomBytes(3).toString('hex')}`;
}

export interface UniqueTopicOptions {
  partitions?: number;
  /** Also create `<topic>.dlq` (1 partition), as the contracts do for every topic. */
  deadLetter?: boolean;
  brokers?: string;
}

/** Creates a fresh topic (and its DLQ) and waits until the broker's metadata shows it. Returns its name. */
export async function uniqueTopic(base: string, { partitions = 3, deadLetter = true, brokers }: UniqueTopicOptions = {}): Promise<string> {
  const name = uniqueTopicName(base);
  await ensureTopics(brokers ?? testInfra().kafkaBrokers, [
    { name, partitions },
    ...(deadLetter ? [{ name: deadLetterTopic(name), partitions: 1 }] : []),
  ]);
  return name;
}

export interface CollectedMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: Buffer | null;
  headers: Record<string, string>;
}

export interface CollectOptions {
  /** Stop once this returns true for the messages collected so far. */
  until: (messages: CollectedMessage[]) => boolean;
  timeoutMs?: number;
  fromBeginning?: boolean;
  groupId?: string;
}

export class CollectTimeoutError extends Error {
  constructor(readonly topic: string, readonly messages: CollectedMessage[], timeoutMs: number) {
    super(`collectTopic(${topic}): condition not met within ${timeoutMs} ms (${messages.length} messages collected)`);
  }
}

/**
 * Reads `topic` with a throwaway consumer group until `until(messages)` holds, then returns every message
 * seen (in arrival order; per-partition order is Kafka's). Rejects with CollectTimeoutError otherwise.
 */
export async function collectTopic(
  brokers: string,
  topic: string,
  { until, timeoutMs = 30_000, fromBeginning = true, groupId }: CollectOptions,
): Promise<CollectedMessage[]> {
  const consumer = createKafka({ brokers, clientId: 'test-collector' }).consumer({
    groupId: groupId ?? `collector-${randomBytes(6).toString('hex')}`,
    maxWaitTimeMs: 500, // stopping waits for the fetch in flight
  });
  const messages: CollectedMessage[] = [];
  let timer: NodeJS.Timeout | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      timer = setTimeout(() => reject(new CollectTimeoutError(topic, messages, timeoutMs)), timeoutMs);
      consumer
        .run({
          topics: [topic],
          fromBeginning,
          throwaway: true,
          eachBatch: async (batch) => {
            for (const message of batch.messages) {
              messages.push({
                topic: batch.topic,
                partition: batch.partition,
                offset: message.offset,
                key: message.key ? message.key.toString('utf8') : null,
                value: message.value,
                headers: headersToRecord(message.headers),
              });
              if (until(messages)) resolve();
            }
          },
        })
        .catch(reject);
      if (until(messages)) resolve();
    });
    return messages;
  } finally {
    clearTimeout(timer);
    await consumer.stop();
  }
}

/** Messages currently stored in `topic` (high minus low watermark, summed over partitions). */
export async function topicMessageCount(brokers: string, topic: string): Promise<number> {
  const admin = createKafka({ brokers, clientId: 'test-admin' }).admin();
  await admin.connect();
  try {
    const offsets = await admin.topicOffsets(topic);
    return offsets.reduce((sum, p) => sum + (Number(p.high) - Number(p.low)), 0);
  } finally {
    await admin.disconnect();
  }
}
