import { applyDecorators, type CanActivate, type ExecutionContext, Injectable, SetMetadata, UseGuards } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ADMIN_SCOPE, ApiKeyGuard, ApiKeyProtected, type AuthenticatedRequest } from '@wdp/ingestion';
import { problem, ProblemException } from '@wdp/platform';

/**
 * Acting on alerts (acknowledge, resolve by hand) and managing subscriptions changes what others see,
 * so read:monitoring is not enough: it takes write:monitoring (the monitoring team's key) or admin.
 */
export const MONITORING_WRITE_SCOPE = 'write:monitoring';
/** Unsuppressed (small-cell) figures: an elevated scope beyond read:monitoring. */
export const UNSUPPRESSED_SCOPE = 'read:unsuppressed';

const ANY_OF_SCOPES = 'wdp:monitoring-any-of-scopes';

@Injectable()
export class AnyScopeGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const scopes = this.reflector.getAllAndOverride<string[] | undefined>(ANY_OF_SCOPES, [context.getHandler(), context.getClass()]) ?? [];
    const granted = context.switchToHttp().getRequest<AuthenticatedRequest>().apiKey?.scopes ?? [];
    if (scopes.length === 0 || scopes.some((s) => granted.includes(s))) return true;
    throw new ProblemException(problem(403, `This key needs one of the scopes ${scopes.join(', ')} here.`));
  }
}

/** An API key holding any one of `scopes` (ApiKeyGuard authenticates, AnyScopeGuard checks). */
export const AnyScopeAccess = (...scopes: string[]) => applyDecorators(SetMetadata(ANY_OF_SCOPES, scopes), UseGuards(ApiKeyGuard, AnyScopeGuard), ApiKeyProtected());

/** Acknowledge, resolve by hand, manage subscriptions. */
export const AlertActionAccess = () => AnyScopeAccess(MONITORING_WRITE_SCOPE, ADMIN_SCOPE);
