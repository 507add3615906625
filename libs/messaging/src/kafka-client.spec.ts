import { createKafka, DEFAULT_KAFKA_CLIENT, KAFKA_CLIENTS, kafkaClientName } from './kafka-client';
import { partitionRuns } from './platformatic-client';

describe('kafkaClientName', () => {
  it('is kafkajs when KAFKA_CLIENT is unset or empty', () => {
    expect(DEFAULT_KAFKA_CLIENT).toBe('kafkajs');
    expect(kafkaClientName(undefined)).toBe('kafkajs');
    expect(kafkaClientName('')).toBe('kafkajs');
  });

  it('takes each known client and rejects any other name', () => {
    for (const c of KAFKA_CLIENTS) expect(kafkaClientName(c)).toBe(c);
    expect(() => kafkaClientName('rdkafka')).toThrow(/KAFKA_CLIENT must be one of kafkajs, platformatic \(got "rdkafka"\)/);
  });
});

describe('createKafka', () => {
  it('builds the client it is asked for, else the one KAFKA_CLIENT names', () => {
    const saved = process.env.KAFKA_CLIENT;
    try {
      expect(createKafka({ brokers: '127.0.0.1:1', clientId: 't', client: 'platformatic' }).name).toBe('platformatic');
      process.env.KAFKA_CLIENT = 'platformatic';
      expect(createKafka({ brokers: '127.0.0.1:1', clientId: 't' }).name).toBe('platformatic');
      delete process.env.KAFKA_CLIENT;
      expect(createKafka({ brokers: '127.0.0.1:1', clientId: 't' }).name).toBe('kafkajs');
    } finally {
      if (saved === undefined) delete process.env.KAFKA_CLIENT;
      else process.env.KAFKA_CLIENT = saved;
    }
  });
});

describe('partitionRuns', () => {
  it('splits buffered messages into one run per partition, each in arrival order', () => {
    const m = (topic: string, partition: number, offset: number) => ({ topic, partition, offset });
    expect(partitionRuns([m('a', 0, 1), m('a', 1, 7), m('a', 0, 2), m('b', 0, 3), m('a', 1, 8)])).toEqual([
      [m('a', 0, 1), m('a', 0, 2)],
      [m('a', 1, 7), m('a', 1, 8)],
      [m('b', 0, 3)],
    ]);
  });
});
