import { CanActivate, ExecutionContext, Inject, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { ServiceConfig } from '@wdp/config';
import { API_KEY_HEADER, problem, ProblemException, SERVICE_CONFIG } from '@wdp/platform';
import type { FastifyRequest } from 'fastify';
import { rethrowAsUnavailable } from '../http/database-errors';
import { beforeDeadline, deadlinePassed, requestDeadlineAt } from '../http/request-deadline';
import { ApiKeyPrincipal, ApiKeyService } from './api-key.service';
import { authenticationOf, presentedKey } from './request-authentication';
import { hasScope } from './scopes';

export const REQUIRED_SCOPE = 'wdp:required-scope';

/** The scope a route needs, e.g. `write:health`. Read by ApiKeyGuard. */
export const RequireScope = (scope: string) => SetMetadata(REQUIRED_SCOPE, scope);

export const WWW_AUTHENTICATE = `ApiKey realm="wdp", header="${API_KEY_HEADER}"`;

export type AuthenticatedRequest = FastifyRequest & { apiKey?: ApiKeyPrincipal };

/**
 * 401 (with WWW-Authenticate) for a missing, malformed, unknown or revoked key; 403 for a valid key
 * without the route's scope, or another department's key. The key is read from the header only (never
 * the query string, which ends up in logs) and never appears in any message. The key is looked up in the
 * database on every request (revocation is immediate), so the lookup counts against the request's deadline.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly keys: ApiKeyService,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const required = this.reflector.getAllAndOverride<string | undefined>(REQUIRED_SCOPE, [context.getHandler(), context.getClass()]);
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const presented = presentedKey(request);
    if (!presented) throw unauthenticated(`Send a department API key in the ${API_KEY_HEADER} header.`);

    const budget = this.config.REQUEST_DEADLINE_MS;
    const auth = await beforeDeadline(authenticationOf(request, this.keys, presented), requestDeadlineAt(request, budget), () => deadlinePassed(budget, 'nothing'))
      .catch(rethrowAsUnavailable);
    switch (auth.outcome) {
      case 'malformed':
      case 'unknown':
        throw unauthenticated('The API key is not valid.');
      case 'revoked':
        throw unauthenticated('The API key has been revoked.');
      case 'foreign':
        throw forbidden(`This key belongs to the ${auth.department} department; it cannot access this service's data.`);
      case 'authenticated':
        if (required && !hasScope(auth.principal.scopes, required)) {
          throw forbidden(`This key lacks the ${required} scope needed here.`);
        }
        request.apiKey = auth.principal;
        return true;
    }
  }
}

function unauthenticated(detail: string): ProblemException {
  return new ProblemException(problem(401, detail), { 'WWW-Authenticate': WWW_AUTHENTICATE });
}

function forbidden(detail: string): ProblemException {
  return new ProblemException(problem(403, detail));
}
