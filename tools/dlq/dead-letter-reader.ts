import { randomUUID } from 'node:crypto';
import { createKafka, headersToRecord } from '@wdp/messaging';
import type { DeadLetter } from './replay-plan';

/**
 * Reads a dead-letter topic from its beginning up to the end it had when the read started, with a throwaway
 * consumer group (deleted afterwards), so a replay neither moves nor depends on any service's offsets.
 */
export async function readDeadLetters(brokers: string, topic: string, { timeoutMs = 60_000 } = {}): Promise<DeadLetter[]> {
  const kafka = createKafka({ brokers, clientId: 'wdp-dlq-replay' });
  const admin = kafka.admin();
  await admin.connect();
  const groupId = `wdp-dlq-replay-${randomUUID()}`;
  try {
    const ends = new Map((await admin.topicOffsets(topic)).map((p) => [p.partition, { low: BigInt(p.low), high: BigInt(p.high) }]));
    const pending = new Set([...ends].filter(([, o]) => o.high > o.low).map(([p]) => p));
    const letters: DeadLetter[] = [];
    if (pending.size === 0) return letters;

    const consumer = kafka.consumer({ groupId });
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`read ${letters.length} dead letters of ${topic}, not all within ${timeoutMs} ms`)), timeoutMs);
        consumer
          .run({
            topics: [topic],
            fromBeginning: true,
            throwaway: true, // nothing is committed: the group is deleted afterwards
            eachBatch: async ({ partition, messages }) => {
              const end = ends.get(partition)!.high;
              for (const message of messages) {
                if (BigInt(message.offset) < end) {
                  letters.push({ partition, offset: message.offset, key: message.key?.toString('utf8') ?? null, value: message.value, headers: headersToRecord(message.headers) });
                }
                if (BigInt(message.offset) >= end - 1n) pending.delete(partition);
              }
              if (pending.size === 0) {
                clearTimeout(timer);
                resolve();
              }
            },
          })
          .catch(reject);
      });
    } finally {
      await consumer.stop();
    }
    return letters.sort((a, b) => a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)));
  } finally {
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect();
  }
}
