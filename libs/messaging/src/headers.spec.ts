import { CE_HEADER, CLOUDEVENTS_CONTENT_TYPE } from '@wdp/contracts';
import { deadLetterHeaders, DLQ_HEADER, errorText, eventHeaders, headersToRecord } from './headers';

describe('eventHeaders', () => {
  const event = { id: 'e-1', type: 'gov.yunyan.test.v1', source: '/test' };
  it('maps envelope attributes to ce_* headers and sets the content type', () => {
    expect(eventHeaders(event)).toEqual({
      [CE_HEADER.id]: 'e-1',
      [CE_HEADER.type]: 'gov.yunyan.test.v1',
      [CE_HEADER.source]: '/test',
      [CE_HEADER.contentType]: CLOUDEVENTS_CONTENT_TYPE,
    });
  });
  it('keeps message headers but never lets them override envelope attributes', () => {
    const h = eventHeaders(event, { traceparent: '00-abc', [CE_HEADER.id]: 'spoofed' });
    expect(h.traceparent).toBe('00-abc');
    expect(h[CE_HEADER.id]).toBe('e-1');
  });
});

describe('headersToRecord', () => {
  it('decodes buffers, keeps strings, takes the last of repeated headers and skips undefined', () => {
    expect(
      headersToRecord({ a: Buffer.from('x'), b: 'y', c: [Buffer.from('1'), 'last'], d: undefined }),
    ).toEqual({ a: 'x', b: 'y', c: 'last' });
  });
  it('handles missing headers', () => {
    expect(headersToRecord(undefined)).toEqual({});
  });
});

describe('deadLetterHeaders', () => {
  it('keeps the original headers and adds where and why it failed', () => {
    const failedAt = new Date('2026-01-02T03:04:05.000Z');
    const h = deadLetterHeaders({ [CE_HEADER.id]: 'e-1' }, {
      topic: 't', partition: 2, offset: '41', consumer: 'monitoring', error: new TypeError('boom'), attempts: 4, failedAt,
    });
    expect(h).toEqual({
      [CE_HEADER.id]: 'e-1',
      [DLQ_HEADER.error]: 'TypeError: boom',
      [DLQ_HEADER.originalTopic]: 't',
      [DLQ_HEADER.originalPartition]: '2',
      [DLQ_HEADER.originalOffset]: '41',
      [DLQ_HEADER.consumer]: 'monitoring',
      [DLQ_HEADER.failedAt]: '2026-01-02T03:04:05.000Z',
      [DLQ_HEADER.attempts]: '4',
    });
  });
  it('truncates very long errors', () => {
    expect(errorText('x'.repeat(5_000)).length).toBe(2_000);
    expect(errorText(42)).toBe('42');
  });
});
