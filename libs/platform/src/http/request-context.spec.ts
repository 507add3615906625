import Fastify from 'fastify';
import { currentRequest, registerRequestContext, requestIdFrom } from './request-context';

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

  it('has no context outside a request', () => {
    expect(currentRequest()).toBeUndefined();
  });
});
