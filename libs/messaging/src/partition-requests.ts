import type { OutgoingMessage, TopicBatch } from './kafka-client';

/** Picks a message's partition the way the producer's own partitioner would, given the topic's partitions. */
export type PartitionOf = (topic: string, message: OutgoingMessage) => number;

/**
 * Splits a send into one request per topic-partition, each message pinned to the partition the partitioner
 * gives it, in the order given (so each key's order holds).
 *
 * Why: kafkajs 2.2.4 remembers a multi-broker send's answers per broker. When one broker's request fails and
 * its partitions' leadership moves to a broker that has already answered for other partitions, the retry
 * skips them and the send resolves as if every message were written. `npm run test:scale` lost 347 of 280,000
 * events that way (two partitions' share of one relay batch, marked published) when it killed a leader. A
 * request that names one partition has one leader, so its retry always goes to the new one.
 */
export function partitionRequests(batches: readonly TopicBatch[], partitionOf: PartitionOf): TopicBatch[] {
  const requests: TopicBatch[] = [];
  for (const { topic, messages } of batches) {
    const byPartition = new Map<number, OutgoingMessage[]>();
    for (const message of messages) {
      const partition = message.partition ?? partitionOf(topic, message);
      let run = byPartition.get(partition);
      if (!run) byPartition.set(partition, (run = []));
      run.push(message.partition === partition ? message : { ...message, partition });
    }
    for (const run of byPartition.values()) requests.push({ topic, messages: run });
  }
  return requests;
}
