import { deadLetterTopic } from '@wdp/contracts';
import { createKafkaProducer, deadLetterHeaders } from '@wdp/messaging';
import { collectTopic, testInfra, topicMessageCount, uniqueTopic } from '@wdp/testing';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { REPLAYED_FROM_HEADER } from './replay-plan';
import { replayDeadLetters } from './replay';

const ROOT = path.resolve(__dirname, '..', '..');

describe('DLQ replay against the real broker', () => {
  jest.setTimeout(120_000);
  const { kafkaBrokers } = testInfra();
  let topic = '';
  let dlq = '';
  const event = (id: string) => ({ ce_id: id, ce_type: 'wdp.health.record.created.v1', ce_source: 'health-service', 'content-type': 'application/cloudevents+json' });

  beforeAll(async () => {
    topic = await uniqueTopic('dlq-replay', { partitions: 3 });
    dlq = deadLetterTopic(topic);
    const producer = createKafkaProducer({ brokers: kafkaBrokers, clientId: 'dlq-replay-test' });
    const letter = (id: string, key: string, consumer: string) => ({
      key,
      value: JSON.stringify({ id, data: { n: id } }),
      headers: deadLetterHeaders(event(id), { topic, partition: 1, offset: '10', consumer, error: new Error(`handler failed on ${id}`), attempts: 3 }),
    });
    await producer.send([{ topic: dlq, messages: [letter('ev-a', 'k-a', 'monitoring-service'), letter('ev-b', 'k-b', 'monitoring-service'), letter('ev-c', 'k-c', 'other-group')] }]);
    // A control message straight to the original topic: a replayed k-a must land on its partition.
    await producer.send([{ topic, messages: [{ key: 'k-a', value: 'control', headers: {} }] }]);
    await producer.disconnect();
  });

  it('dry run lists the dead letters and publishes nothing', async () => {
    const result = await replayDeadLetters({ brokers: kafkaBrokers, deadLetterTopic: dlq, dryRun: true });
    expect(result.read).toBe(3);
    expect(result.selected.map((r) => r.source.eventId)).toEqual(['ev-a', 'ev-b', 'ev-c']);
    expect(result.published).toBe(0);
    expect(await topicMessageCount(kafkaBrokers, topic)).toBe(1);
  });

  it('the CLI dry run prints the same summary', () => {
    const run = spawnSync(process.execPath, ['-r', '@swc-node/register', '-r', 'tsconfig-paths/register', 'tools/dlq/replay.ts', dlq, '--dry-run', '--consumer', 'monitoring-service'], {
      cwd: ROOT, encoding: 'utf8', timeout: 60_000, env: { ...process.env, SWCRC: 'true', KAFKA_BROKERS: kafkaBrokers },
    });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`${dlq}: 3 dead letters read, 2 selected, would re-publish 2`);
    expect(run.stdout).toContain('handler failed on ev-a');
  });

  it("re-publishes one consumer's dead letters with the same key, value and headers minus dlq_*", async () => {
    const result = await replayDeadLetters({ brokers: kafkaBrokers, deadLetterTopic: dlq, dryRun: false, consumer: 'monitoring-service' });
    expect(result.published).toBe(2);
    const messages = await collectTopic(kafkaBrokers, topic, { until: (m) => m.length >= 3 });
    const replayed = messages.filter((m) => m.headers.ce_id);
    expect(replayed.map((m) => m.headers.ce_id).sort()).toEqual(['ev-a', 'ev-b']);
    for (const m of replayed) {
      expect(Object.keys(m.headers).filter((k) => k.startsWith('dlq_'))).toEqual([]);
      expect(m.headers).toMatchObject(event(m.headers.ce_id));
      expect(m.headers[REPLAYED_FROM_HEADER]).toMatch(new RegExp(`^${dlq.replace(/\./g, '\\.')}/0/\\d+$`));
      expect(JSON.parse(m.value!.toString()).id).toBe(m.headers.ce_id);
    }
    const control = messages.find((m) => m.value?.toString() === 'control')!;
    expect(replayed.find((m) => m.key === 'k-a')!.partition).toBe(control.partition);
    expect(await topicMessageCount(kafkaBrokers, dlq)).toBe(3); // the DLQ keeps its history
  });
});
