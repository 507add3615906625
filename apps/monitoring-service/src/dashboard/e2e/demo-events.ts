import { createEvent, recordEventType, returnEventType, type CloudEvent, type RecordEventData, type ReturnEventData } from '@wdp/contracts';
import { eventHeaders, type EventProducer } from '@wdp/messaging';
// Test-only: the browser test runs over the same demo data set `npm start` loads (@wdp/demo-data, which the
// service itself never imports).
import { DEFAULT_SEED, generateDemoData, splitKindKey } from '@wdp/demo-data';

export type DemoEvent = CloudEvent<RecordEventData> | CloudEvent<ReturnEventData>;

/**
 * The demo data set (the one `npm start` loads through the departmental APIs), as the events those
 * services' relays would publish for it: every record as `recorded`, every return as `submitted`.
 */
export function demoEvents(scale: number, now = new Date()): DemoEvent[] {
  const { data } = generateDemoData({ seed: DEFAULT_SEED, scale, from: 2020, to: now.getUTCFullYear(), now });
  const events: DemoEvent[] = [];
  for (const [key, records] of data.records) {
    const { department, kind } = splitKindKey(key);
    for (const r of records) {
      const body: RecordEventData = {
        recordId: `${key}/${r.reference}`,
        revision: 1,
        operation: 'recorded',
        department,
        current: { kind, area: r.area, period: r.period, ...(r.sex ? { sex: r.sex } : {}), ...(r.ageBand ? { ageBand: r.ageBand } : {}), count: r.count ?? 1, attributes: r.attributes },
        previous: null,
      };
      events.push(createEvent({ source: `/yunyan/wdp/${department}-service`, type: recordEventType(department, kind, 'recorded'), data: body }));
    }
  }
  data.returns.forEach((r, i) => {
    const body: ReturnEventData = {
      returnId: `demo-return-${r.department}-${r.kind}-${r.area}-${r.period}-${i}`,
      revision: 1,
      operation: 'submitted',
      department: r.department,
      current: { kind: r.kind, area: r.area, period: r.period, unit: r.unit, figures: r.figures },
      previous: null,
    };
    events.push(createEvent({ source: `/yunyan/wdp/${r.department}-service`, type: returnEventType(r.department, r.kind, 'submitted'), data: body }));
  });
  return events;
}

/** Publishes onto each department's topic copy in batches of 1,000, keyed like the departmental relays. */
export async function publishInBatches(producer: EventProducer, topics: Record<string, string>, events: readonly DemoEvent[]): Promise<void> {
  const byTopic = new Map<string, DemoEvent[]>();
  for (const e of events) {
    const topic = topics[e.data.department];
    if (!topic) throw new Error(`no topic for department ${e.data.department}`);
    if (!byTopic.has(topic)) byTopic.set(topic, []);
    byTopic.get(topic)!.push(e);
  }
  for (const [topic, list] of byTopic) {
    for (let i = 0; i < list.length; i += 1000) {
      await producer.send([
        {
          topic,
          messages: list.slice(i, i + 1000).map((e) => ({
            key: 'recordId' in e.data ? e.data.recordId : e.data.returnId,
            value: JSON.stringify(e),
            headers: eventHeaders(e),
          })),
        },
      ]);
    }
  }
}
