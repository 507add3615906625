import { keyPartition } from './kafkajs-client';

// Java's Utils.murmur2 test vectors (Apache Kafka's UtilsTest): partition = (hash & 0x7fffffff) % partitions.
const JAVA_MURMUR2: [string, number][] = [['21', -973932308], ['foobar', -790332482], ['a-little-bit-long-string', -985981536], ['abc', 479470107]];

describe('keyPartition', () => {
  it.each(JAVA_MURMUR2)('puts %s where the Java client would', (key, hash) => {
    for (const partitions of [1, 6, 7, 1000]) expect(keyPartition(key, partitions)).toBe((hash & 0x7fffffff) % partitions);
  });
});
