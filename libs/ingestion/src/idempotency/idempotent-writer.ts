import { ProblemException } from '@wdp/platform';
import type { DataSource, EntityManager } from 'typeorm';
import { IdempotencyStore, type StoredResponse } from './idempotency.store';
import { IDEMPOTENCY_KEY_HEADER, idempotencyKeyDigest, idempotencyKeyProblem } from './idempotency-key';

/** 422 for a malformed Idempotency-Key header; absent is fine. */
export function assertIdempotencyKey(key: string | undefined): void {
  const reason = key === undefined ? undefined : idempotencyKeyProblem(key);
  if (reason) throw ProblemException.validation([{ field: IDEMPOTENCY_KEY_HEADER, reason }], 'The Idempotency-Key header is invalid.');
}

export interface WriteResponse<T = unknown> {
  status: number;
  body: T;
  /** True when the response was replayed from the Idempotency-Key store. */
  replayed?: boolean;
}

export interface IdempotencyContext {
  apiKeyId: string;
  /** The Idempotency-Key header, if the client sent one. */
  key?: string;
  /** requestFingerprint(method, route, input). */
  requestHash: string;
}

export function idempotencyConflict(): ProblemException {
  return ProblemException.conflict(
    'This Idempotency-Key was already used with a different request. Use a new key for a new request.',
    { errors: [{ field: 'Idempotency-Key', reason: 'reused with a different request body or route' }] },
  );
}

function replayOf(stored: StoredResponse, requestHash: string): WriteResponse | undefined {
  if (stored.requestHash !== requestHash) throw idempotencyConflict();
  if (stored.status === null) return undefined;
  return { status: stored.status, body: stored.body, replayed: true };
}

/**
 * Runs a write in one transaction together with the Idempotency-Key bookkeeping: the stored response is
 * committed with the rows and the outbox events, so a replay returns exactly what the first call got and
 * never writes twice. Only successful responses are stored; an error leaves the key free.
 */
export class IdempotentWriter {
  private readonly store = new IdempotencyStore();

  constructor(private readonly dataSource: DataSource) {}

  /** Answers a replay without doing any work (also skips re-validating a large batch). */
  async replay(ctx: IdempotencyContext): Promise<WriteResponse | undefined> {
    if (!ctx.key) return undefined;
    const stored = await this.store.find(this.dataSource, ctx.apiKeyId, idempotencyKeyDigest(ctx.key));
    return stored ? replayOf(stored, ctx.requestHash) : undefined;
  }

  async write<T>(ctx: IdempotencyContext, work: (manager: EntityManager) => Promise<WriteResponse<T>>): Promise<WriteResponse<T | unknown>> {
    const key = ctx.key ? idempotencyKeyDigest(ctx.key) : undefined;
    return this.dataSource.transaction(async (manager) => {
      if (key && !(await this.store.claim(manager, ctx.apiKeyId, key, ctx.requestHash))) {
        const stored = await this.store.find(manager, ctx.apiKeyId, key);
        const replay = stored && replayOf(stored, ctx.requestHash);
        if (replay) return replay;
        throw ProblemException.conflict('A request with this Idempotency-Key is still being processed; retry shortly.');
      }
      const result = await work(manager);
      if (key) await this.store.complete(manager, ctx.apiKeyId, key, result.status, result.body);
      return result;
    });
  }
}
