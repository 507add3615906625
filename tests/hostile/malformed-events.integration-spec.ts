import { deadLetterTopic } from '@wdp/contracts';
import { eventHeaders } from '@wdp/messaging';
import { collectTopic, testInfra, waitFor } from '@wdp/testing';
import { birth, recorded } from '../../apps/monitoring-service/src/test-support/fixtures';
import { type MonitoringHarness, recordEvent, startMonitoring } from '../../apps/monitoring-service/src/test-support/monitoring-harness';

// Malformed messages put straight on a domain topic (bypassing every departmental API) reach the monitoring
// service's consumer: each goes to the topic's DLQ with the error attached, and the good event behind them
// is still applied. The messaging library's dead-letter test covers the generic consumer, and monitoring's
// consumption test an event it cannot apply (an unknown area); this one throws the whole hostile range at
// the running service.

describe('malformed messages on a domain topic', () => {
  let h: MonitoringHarness;

  beforeAll(async () => {
    h = await startMonitoring('hostile_events');
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  it('sends each to the dead-letter topic and keeps consuming', async () => {
    const good = recordEvent(recorded(birth({ area: '520103100201', period: '2019-04', count: 2 })));
    const envelopeOf = (data: unknown) => JSON.stringify({ ...good, id: `bad-${Math.random().toString(36).slice(2)}`, data });
    const poison: [key: string, value: Buffer | string | null][] = [
      ['not-json', 'this is not JSON'],
      ['invalid-utf8', Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d])],
      ['empty', ''],
      ['tombstone', null],
      ['json-not-event', JSON.stringify({ hello: 'world' })],
      ['array', '[1,2,3]'],
      ['deep', `${'['.repeat(100_000)}${']'.repeat(100_000)}`],
      ['wrong-data', envelopeOf({ recordId: 1, operation: 'exploded' })],
      ['huge-count', envelopeOf({ ...good.data, recordId: 'huge', current: { ...good.data.current, count: 1e308 } })],
      ['negative-count', envelopeOf({ ...good.data, recordId: 'neg', current: { ...good.data.current, count: -5 } })],
    ];
    // Well-formed, but of a kind no indicator counts: consumed and ignored, never counted, never blocking.
    const unknownKind = { ...JSON.parse(envelopeOf({ ...good.data, recordId: 'kind', current: { ...good.data.current, kind: 'no-such-kind' } })) };
    const topic = h.topics.health;
    await h.producer.send([{ topic, messages: [...poison.map(([key, value]) => ({ key, value, headers: {} })), { key: 'unknown-kind', value: JSON.stringify(unknownKind), headers: eventHeaders(unknownKind) }] }]);
    await h.producer.send([{ topic, messages: [{ key: good.data.recordId, value: JSON.stringify(good), headers: eventHeaders(good) }] }]);

    await waitFor(async () => {
      const [{ n }] = await h.dataSource.query(`SELECT count(*)::int AS n FROM inbox WHERE event_id = ANY($1)`, [[good.id, unknownKind.id]]);
      return n === 2;
    }, { timeoutMs: 60_000, what: 'the good event applied after the poison' });
    const dead = await collectTopic(testInfra().kafkaBrokers, deadLetterTopic(topic), {
      until: (ms) => poison.every(([key]) => ms.some((m) => m.key === key)),
      timeoutMs: 60_000,
    });
    for (const [key] of poison) {
      const letter = dead.find((m) => m.key === key)!;
      expect(letter.headers.dlq_error).toEqual(expect.any(String));
      expect(letter.headers.dlq_original_topic).toBe(topic);
    }
    const [{ n }] = await h.dataSource.query(`SELECT coalesce(sum(count), 0)::int AS n FROM record_fact WHERE area_code = '520103100201' AND period = '2019'`);
    expect(n).toBe(2);
    const [{ m }] = await h.dataSource.query(`SELECT count(*)::int AS m FROM record_fact WHERE input_key LIKE '%no-such-kind%'`);
    expect(m).toBe(0);
    expect(dead.some((d) => d.key === 'unknown-kind')).toBe(false);
  });
});
