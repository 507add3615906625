import { inBatch, type CloudEvent, type RecordBatchEventData, type RecordFact } from '@wdp/contracts';
import { recordMessages, type EventPublisher, type RecordChange } from '@wdp/ingestion';
import { eventHeaders, type OutboxMessage } from '@wdp/messaging';
import { collectTopic, testInfra, waitFor } from '@wdp/testing';
import { type MonitoringHarness, startMonitoring, uid } from '../test-support/monitoring-harness';

// The town's villages, in a year no other scenario of this suite uses.
const TOWN = '520103100';
const VILLAGE = '520103100201';
const VILLAGE2 = '520103100202';
const YEAR = '2017';

const births = (area: string, count: number, month = 3): RecordFact => ({
  kind: 'live-birth', area, period: `${YEAR}-${String(month).padStart(2, '0')}`, sex: 'F', ageBand: '25-29', count, attributes: { deliveryPlace: 'hospital', deliveryMode: 'vaginal' },
});

/**
 * Rolling out batch events consumer first: one monitoring consumer reads a department's v1 and v2 topics while
 * producers of both generations publish, records cross generations between their revisions, and each record
 * still counts exactly once.
 */
describe('monitoring reads both generations of record events', () => {
  let h: MonitoringHarness;
  const publisher = (generation: EventPublisher['generation'], topic: string): EventPublisher => ({ department: 'health', topic, source: 'urn:wdp:health-service', generation });
  const query = <T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> => h.dataSource.query(sql, params);
  const factCount = async (area: string, period: string) =>
    Number((await query<{ n: string }>(`SELECT coalesce(sum(count), 0) AS n FROM record_fact WHERE input_key = 'health/live-birth' AND area_code = $1 AND period = $2`, [area, period]))[0].n);
  const applied = async (events: readonly CloudEvent[]) =>
    Number((await query<{ n: string }>(`SELECT count(*) AS n FROM inbox WHERE event_id = ANY($1)`, [events.map((e) => e.id)]))[0].n) === events.length;

  /** One accepted request, as the departmental service writes it to its outbox, sent as its relay sends it. */
  const request = async (p: EventPublisher, changes: RecordChange[]): Promise<CloudEvent[]> => {
    const messages = recordMessages(p, changes);
    const events = inBatch(messages.map((m) => m.event));
    await send(messages.map((m, i) => ({ ...m, event: events[i] })));
    return events;
  };
  const send = (messages: OutboxMessage[]) =>
    h.producer.send([...new Set(messages.map((m) => m.topic))].map((topic) => ({
      topic,
      messages: messages.filter((m) => m.topic === topic).map((m) => ({ key: m.key, value: JSON.stringify(m.event), headers: eventHeaders(m.event, m.headers) })),
    })));

  beforeAll(async () => {
    h = await startMonitoring('mon_generations');
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  it('counts every record once while v1 and v2 producers publish side by side, records switching generation between revisions', async () => {
    // Two topics the consumer reads: the harness's education topic stands in for health's v2 topic (monitoring
    // reads an event by its type, whichever topic brings it).
    const v1 = publisher('v1', h.topics.health);
    const v2 = publisher('v2', h.topics.education);
    const counts = new Map<string, number>();
    const created = (n: number, area: string): RecordChange[] => Array.from({ length: n }, () => {
      const recordId = uid('rec');
      counts.set(recordId, 1);
      return { recordId, kind: 'live-birth', revision: 1, operation: 'recorded', current: births(area, 1), previous: null };
    });
    const a = created(150, VILLAGE);
    const b = created(150, VILLAGE2);
    const revise = (c: RecordChange, count: number, revision: number): RecordChange => {
      counts.set(c.recordId, count);
      return { recordId: c.recordId, kind: 'live-birth', revision, operation: 'revised', current: births(c.current!.area, count, 4), previous: c.current };
    };
    const withdraw = (c: RecordChange, revision: number): RecordChange => {
      counts.set(c.recordId, 0);
      return { recordId: c.recordId, kind: 'live-birth', revision, operation: 'withdrawn', current: null, previous: c.current };
    };

    const events = [
      ...(await request(v1, a)),
      ...(await request(v2, b)),
      // Records of the v1 request revised and withdrawn by a v2 producer, and the other way round.
      ...(await request(v2, [...a.slice(0, 40).map((c) => revise(c, 3, 2)), ...a.slice(40, 60).map((c) => withdraw(c, 2))])),
      ...(await request(v1, [...b.slice(0, 25).map((c) => revise(c, 2, 2)), ...b.slice(25, 35).map((c) => withdraw(c, 2))])),
    ];
    const batchEvents = events.filter((e) => e.type.endsWith('.record-batch.v1'));
    // A v2 request of 150 records is at most one event per partition; a v1 request is one event per record.
    expect(batchEvents.length).toBeLessThanOrEqual(12);
    expect(events.length).toBe(150 + 35 + batchEvents.length);
    // One v2 event delivered twice (a relay retry): the inbox drops it.
    await send([{ topic: h.topics.education, key: (batchEvents[0].data as RecordBatchEventData).items[0].recordId, event: batchEvents[0] }]);

    await waitFor(() => applied(events), { what: 'every event of both generations applied', timeoutMs: 60_000 });
    await waitFor(async () => h.consumer.stats()!.duplicates >= 1, { what: 'the redelivered batch event consumed' });
    const sum = (ids: RecordChange[]) => ids.reduce((s, c) => s + counts.get(c.recordId)!, 0);
    expect(await factCount(VILLAGE, YEAR)).toBe(sum(a));
    expect(await factCount(VILLAGE2, YEAR)).toBe(sum(b));
    expect(await factCount(TOWN, YEAR)).toBe(sum(a) + sum(b));
    // 150 + 150 created, 40 + 25 revised (to 3 and 2), 20 + 10 withdrawn.
    expect(sum(a) + sum(b)).toBe(90 + 40 * 3 + 115 + 25 * 2);
  });

  it('applies a poison batch item by item: only its bad items go to the dead-letter topic, the rest count', async () => {
    const v2 = publisher('v2', h.topics.health);
    const good = Array.from({ length: 4 }, (_, i): RecordChange => ({ recordId: uid(`good${i}`), kind: 'live-birth', revision: 1, operation: 'recorded', current: births(VILLAGE, 10, 9), previous: null }));
    const unknownArea: RecordChange = { recordId: uid('bad-area'), kind: 'live-birth', revision: 1, operation: 'recorded', current: births('999999999', 5, 9), previous: null };
    const before = await factCount(VILLAGE, `${YEAR}-09`);
    // One event holding every item, whatever partitions their ids hash to, as a producer that skipped the
    // grouping might send it; one item is not even a record fact.
    const [message] = recordMessages(v2, [good[0]]);
    const event = message.event as CloudEvent<RecordBatchEventData>;
    event.data.items = [good[0], good[1], unknownArea, good[2], { recordId: uid('bad-shape'), revision: 1, operation: 'recorded', current: { area: 5 }, previous: null } as never, good[3]]
      .map(({ kind: _kind, ...item }: RecordChange) => item);
    const [batch] = inBatch([event]);
    await send([{ ...message, event: batch }]);

    await waitFor(() => applied([batch]), { what: 'the poison batch applied' });
    expect(await factCount(VILLAGE, `${YEAR}-09`)).toBe(before + 40);
    const dead = await collectTopic(testInfra().kafkaBrokers, `${h.topics.health}.dlq`, {
      until: (ms) => ms.some((m) => m.headers.dlq_original_event_id === batch.id),
    });
    const letters = dead.filter((m) => m.headers.dlq_original_event_id === batch.id);
    expect(letters).toHaveLength(1);
    const rejected = JSON.parse(letters[0].value!.toString()) as CloudEvent<RecordBatchEventData>;
    expect(rejected.type).toBe(batch.type);
    expect(letters[0].headers.ce_id).toBe(rejected.id);
    expect(rejected.id).not.toBe(batch.id);
    expect(rejected.wdpbatch).toBeUndefined();
    expect(rejected.data.items.map((i) => i.recordId)).toEqual([unknownArea.recordId, (event.data.items[4] as { recordId: string }).recordId]);
    expect(letters[0].headers.dlq_error).toMatch(/item 2: .*unknown area 999999999/);
    expect(letters[0].headers.dlq_error).toMatch(/item 4: /);
    expect(letters[0].headers.dlq_original_topic).toBe(h.topics.health);
  });
});
