import { resumePoint, sseEvent } from './sse-format';

describe('server-sent events', () => {
  it('writes id, event and one data line of JSON', () => {
    expect(sseEvent(7, 'alert', { a: 'x\ny' })).toBe('id: 7\nevent: alert\ndata: {"a":"x\\ny"}\n\n');
  });

  it('resumes from Last-Event-ID before the query parameter, ignoring junk', () => {
    expect(resumePoint('12', '3')).toBe(12);
    expect(resumePoint(undefined, '3')).toBe(3);
    expect(resumePoint(undefined, undefined)).toBeUndefined();
    expect(resumePoint('abc', undefined)).toBeUndefined();
    expect(resumePoint(['5'], undefined)).toBe(5);
  });
});
