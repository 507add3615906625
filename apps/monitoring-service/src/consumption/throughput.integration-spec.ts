import type { RecordFact } from '@wdp/contracts';
import { waitFor } from '@wdp/testing';
import { AREAS } from '../test-support/fixtures';
import { type MonitoringHarness, recordEvent, startMonitoring } from '../test-support/monitoring-harness';
import { eventHeaders } from '@wdp/messaging';

describe('throughput', () => {
  let h: MonitoringHarness;
  beforeAll(async () => {
    h = await startMonitoring('mon_throughput');
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  it('applies 10,000 record events from every street and keeps up', async () => {
    const communities = AREAS.areas.filter((a) => a.level === 'community').map((a) => a.code);
    const kinds: ((area: string, i: number) => RecordFact)[] = [
      (area, i) => ({ kind: 'live-birth', area, period: `2024-${String((i % 12) + 1).padStart(2, '0')}`, sex: i % 2 ? 'F' : 'M', ageBand: '25-29', count: 1, attributes: { deliveryPlace: 'hospital', deliveryMode: i % 3 ? 'vaginal' : 'caesarean' } }),
      (area, i) => ({ kind: 'prenatal-infection-test', area, period: `2024-${String((i % 12) + 1).padStart(2, '0')}`, ageBand: '30-34', count: 1, attributes: { infection: ['hiv', 'syphilis', 'hbv'][i % 3], gestationAtTest: 'first-trimester', result: 'negative' } }),
    ];
    const events = Array.from({ length: 10_000 }, (_, i) =>
      recordEvent({ revision: 1, operation: 'recorded', department: 'health', current: kinds[i % 2](communities[i % communities.length], i), previous: null }),
    );
    const started = Date.now();
    for (let i = 0; i < events.length; i += 1000) {
      await h.producer.send([
        { topic: h.topics.health, messages: events.slice(i, i + 1000).map((e) => ({ key: e.data.recordId, value: JSON.stringify(e), headers: eventHeaders(e) })) },
      ]);
    }
    const produced = Date.now();
    await waitFor(async () => {
      const [{ n }] = await h.dataSource.query(`SELECT count(*) AS n FROM inbox WHERE event_id = ANY($1)`, [events.map((e) => e.id)]);
      return Number(n) === events.length;
    }, { timeoutMs: 120_000, intervalMs: 200, what: 'all applied' });
    const done = Date.now();
    process.stderr.write(`[throughput] produce ${produced - started} ms, applied all 10,000 ${done - started} ms after the first send; batches ${h.consumer.stats()!.batches}\n`);
    const [{ n }] = await h.dataSource.query(`SELECT sum(count) AS n FROM record_fact WHERE input_key = 'health/live-birth' AND area_code = '520103' AND period = '2024'`);
    expect(Number(n)).toBe(5_000);
  }, 180_000);
});
