import Fastify from 'fastify';
import { currentRequest, registerRequestContext, requestIdFrom, traceparentFrom } from './request-context';

describe('request context', () => {
  const app = Fastify({ genReqId: (req) => requestIdFrom(req.headers['x-request-id']) });
  registerRequestContext(app);
  app.get('/ctx', async () => {
    await new Promise((r) => setTimeout(r, 5)); // the context survives an await
    return currentRequest() ?? null;
  });

  afterAll(() => app.close());

  it('keeps a sane caller id and echoes it', async () => {
    const res = await app.inject({ url: '/ctx', headers: { 'x-request-id': 'dept-sys-42' } });
    expect(res.headers['x-request-id']).toBe('dept-sys-42');
    expect(res.json()).toEqual({ requestId: 'dept-sys-42' });
  });

  it('replaces a missing or hostile id with a UUID, and carries a valid traceparent', async () => {
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const res = await app.inject({ url: '/ctx', headers: { 'x-request-id': 'x'.repeat(500), traceparent } });
    const body = res.json() as { requestId: string; traceparent?: string };
    expect(body.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers['x-request-id']).toBe(body.requestId);
    expect(body.traceparent).toBe(traceparent);
  });

  it('drops a malformed traceparent', async () => {
    const res = await app.inject({ url: '/ctx', headers: { traceparent: 'not-a-trace' } });
    expect((res.json() as { traceparent?: string }).traceparent).toBeUndefined();
  });

  it('replaces a request id that carries a resident ID number, in any written form, or is not a short token', async () => {
    const hostile = ['11010519491231002X', 'req-110105-19491231-002X', 'req:110105.19491231.002X', '110105\u200b19491231002X', 'a b', 'é', 'x'.repeat(65), ''];
    for (const id of hostile) expect(requestIdFrom(id)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(requestIdFrom(['a', 'b'])).not.toBe('a');
    for (const id of ['0b8a2c1e-5d3f-4c55-9a53-0c2f7e1b9d11', 'dept-sys-42', 'batch:2025-07.3', 'x'.repeat(64)]) expect(requestIdFrom(id)).toBe(id);
    const res = await app.inject({ url: '/ctx', headers: { 'x-request-id': 'req-110105-19491231-002X' } });
    expect(res.headers['x-request-id']).not.toContain('110105');
    expect((res.json() as { requestId: string }).requestId).toBe(res.headers['x-request-id']);
  });

  it('keeps only a traceparent of W3C syntax', () => {
    const valid = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    expect(traceparentFrom(valid)).toBe(valid);
    expect(traceparentFrom('01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00')).toBe('01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00');
    for (const bad of [
      valid.toUpperCase(),
      'ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01', // version ff is invalid
      '00-00000000000000000000000000000000-00f067aa0ba902b7-01', // all-zero trace id
      '00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01', // all-zero parent id
      `${valid}-extra`,
      '00-ab440524188001010014abcdefabcdef-00f067aa0ba902b7-01', // hex, but an ID number inside
      '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\u200b',
      undefined,
    ]) expect(traceparentFrom(bad)).toBeUndefined();
  });

  it('has no context outside a request', () => {
    expect(currentRequest()).toBeUndefined();
  });
});
