import { deadLetterHeaders } from '@wdp/messaging';
import { originalTopicOf, planReplay, REPLAYED_FROM_HEADER, selects, type DeadLetter } from './replay-plan';

const original = { ce_id: 'ev-1', ce_type: 'wdp.health.record.created.v1', ce_source: 'health-service', 'content-type': 'application/cloudevents+json' };
const letter = (over: Partial<DeadLetter> = {}, consumer = 'monitoring-service'): DeadLetter => ({
  partition: 0,
  offset: '7',
  key: '520103001001',
  value: Buffer.from('{"id":"ev-1"}'),
  headers: deadLetterHeaders(original, { topic: 'wdp.health.events.v1', partition: 4, offset: '99', consumer, error: new Error('boom'), attempts: 3 }),
  ...over,
});

describe('DLQ replay plan', () => {
  it('re-publishes to the original topic with the same key and value and the headers minus dlq_*', () => {
    const plan = planReplay('wdp.health.events.v1.dlq', letter());
    expect(plan.topic).toBe('wdp.health.events.v1');
    expect(plan.message.key).toBe('520103001001');
    expect(plan.message.value?.toString()).toBe('{"id":"ev-1"}');
    expect(plan.message.headers).toEqual({ ...original, [REPLAYED_FROM_HEADER]: 'wdp.health.events.v1.dlq/0/7' });
    expect(plan.source).toMatchObject({ consumer: 'monitoring-service', error: 'Error: boom', eventId: 'ev-1' });
  });

  it('falls back to the DLQ name without .dlq when the original topic header is missing', () => {
    expect(originalTopicOf('wdp.family.events.v1.dlq', {})).toBe('wdp.family.events.v1');
  });

  it('selects by consumer group, event id and offset', () => {
    expect(selects(letter(), {})).toBe(true);
    expect(selects(letter({}, 'other'), { consumer: 'monitoring-service' })).toBe(false);
    expect(selects(letter(), { eventIds: ['ev-2'] })).toBe(false);
    expect(selects(letter(), { eventIds: ['ev-1'] })).toBe(true);
    expect(selects(letter(), { fromOffset: 8n })).toBe(false);
    expect(selects(letter(), { fromOffset: 7n })).toBe(true);
  });
});
