import { Inject, Injectable } from '@nestjs/common';
import type { ServiceConfig } from '@wdp/config';
import { API_KEY_HEADER, type RateLimitIdentity, SERVICE_CONFIG } from '@wdp/platform';
import type { FastifyRequest } from 'fastify';
import { beforeDeadline, deadlinePassed, requestDeadlineAt } from '../http/request-deadline';
import { type Authentication, ApiKeyService } from './api-key.service';

const HEADER = API_KEY_HEADER.toLowerCase();
const authentications = new WeakMap<object, Promise<Authentication>>();

/** The key a request presents in the header (never the query string), trimmed; undefined if none. */
export function presentedKey(request: Pick<FastifyRequest, 'headers'>): string | undefined {
  const raw = request.headers[HEADER];
  const presented = Array.isArray(raw) ? raw[0] : raw;
  return presented?.trim() || undefined;
}

/**
 * The request's key checked against the database once: the rate limiter needs the outcome to pick the
 * bucket before the guard runs, and the guard reuses it rather than reading the row twice.
 */
export function authenticationOf(request: object, keys: ApiKeyService, presented: string): Promise<Authentication> {
  let auth = authentications.get(request);
  if (!auth) {
    auth = keys.authenticate(presented);
    auth.catch(() => undefined); // the guard reports a failure; the limiter only falls back to the address
    authentications.set(request, auth);
  }
  return auth;
}

/** Rate-limit identity: the id of the key a request authenticates with, within the request's deadline. */
@Injectable()
export class ApiKeyRateLimitIdentity implements RateLimitIdentity {
  constructor(
    @Inject(ApiKeyService) private readonly keys: ApiKeyService,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  async principalOf(request: FastifyRequest): Promise<string | undefined> {
    const presented = presentedKey(request);
    if (!presented) return undefined;
    const budget = this.config.REQUEST_DEADLINE_MS;
    const auth = await beforeDeadline(authenticationOf(request, this.keys, presented), requestDeadlineAt(request, budget), () => deadlinePassed(budget, 'nothing'));
    return auth.outcome === 'authenticated' ? auth.principal.id : undefined;
  }
}
