import { ServiceConfig } from '@wdp/config';
import { ProblemException } from '@wdp/platform';
import { Reflector } from '@nestjs/core';
import { firstValueFrom, NEVER } from 'rxjs';
import { ApiKeyGuard } from '../auth/api-key.guard';
import type { ApiKeyService } from '../auth/api-key.service';
import { DatabaseUnavailableInterceptor } from './database-unavailable.interceptor';
import { beforeDeadline, requestDeadlineAt } from './request-deadline';

const config = (ms: number) => Object.assign(new ServiceConfig(), { REQUEST_DEADLINE_MS: ms });
const http = (request: object) => ({ switchToHttp: () => ({ getRequest: () => request }), getHandler: () => function handler() { return undefined; }, getClass: () => class Controller {} }) as never;

describe('request deadline', () => {
  it('is fixed by the first layer that asks, so later layers share one budget', () => {
    const request = {};
    expect(requestDeadlineAt(request, 1000, 5_000)).toBe(6_000);
    expect(requestDeadlineAt(request, 1000, 5_900)).toBe(6_000);
  });

  it('lets work that finishes in time through and fails work that does not', async () => {
    await expect(beforeDeadline(Promise.resolve('ok'), Date.now() + 1000, () => new Error('late'))).resolves.toBe('ok');
    await expect(beforeDeadline(new Promise(() => undefined), Date.now() + 20, () => new Error('late'))).rejects.toThrow('late');
  });

  it('answers 503 + Retry-After when the key lookup hangs (a stalled database), saying nothing was written', async () => {
    const keys = { authenticate: () => new Promise(() => undefined) } as unknown as ApiKeyService;
    const guard = new ApiKeyGuard(new Reflector(), keys, config(50));
    const started = Date.now();
    const err = await guard.canActivate(http({ headers: { 'x-api-key': 'wdp_health_abc_def' } })).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(err).toBeInstanceOf(ProblemException);
    expect((err as ProblemException).problem.status).toBe(503);
    expect((err as ProblemException).headers['Retry-After']).toBe('5');
    expect((err as ProblemException).problem.detail).toContain('Nothing was written');
  });

  it('gives the handler only what the key check left of the budget', async () => {
    const request = {};
    requestDeadlineAt(request, 1000, Date.now() - 990); // the key check took 990 ms of a 1,000 ms budget
    const interceptor = new DatabaseUnavailableInterceptor(config(1000));
    const started = Date.now();
    const err = await firstValueFrom(interceptor.intercept(http(request), { handle: () => NEVER })).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(500);
    expect((err as ProblemException).problem.status).toBe(503);
  });
});
