import { ServiceConfig } from '@wdp/config';
import { ProblemException } from '@wdp/platform';
import { firstValueFrom, NEVER, type Observable, of, throwError } from 'rxjs';
import { DatabaseUnavailableInterceptor } from './database-unavailable.interceptor';

const interceptor = (deadlineMs: number) =>
  new DatabaseUnavailableInterceptor(Object.assign(new ServiceConfig(), { REQUEST_DEADLINE_MS: deadlineMs }));
const run = (i: DatabaseUnavailableInterceptor, handle: () => Observable<unknown>) =>
  firstValueFrom(i.intercept({ switchToHttp: () => ({ getRequest: () => ({}) }) } as never, { handle } as never));

describe('DatabaseUnavailableInterceptor', () => {
  it('passes a handler’s answer through', async () => {
    await expect(run(interceptor(1000), () => of({ ok: true }))).resolves.toEqual({ ok: true });
  });

  it('answers 503 with Retry-After when the handler outlives the deadline (a stalled database)', async () => {
    const err = await run(interceptor(1000), () => NEVER).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProblemException);
    expect((err as ProblemException).problem.status).toBe(503);
    expect((err as ProblemException).headers['Retry-After']).toBe('5');
    expect((err as ProblemException).problem.detail).toContain('retrying it unchanged');
  });

  it('maps a connection failure to 503 and leaves other errors alone', async () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const e1 = await run(interceptor(1000), () => throwError(() => refused)).catch((e: unknown) => e);
    expect((e1 as ProblemException).problem.status).toBe(503);
    const bug = new TypeError('x is undefined');
    await expect(run(interceptor(1000), () => throwError(() => bug))).rejects.toBe(bug);
  });
});
