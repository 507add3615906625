import { applyDecorators, type CanActivate, type ExecutionContext, Injectable, SetMetadata, UseGuards } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ADMIN_SCOPE, ApiKeyGuard, ApiKeyProtected, type AuthenticatedRequest, MONITORING_SCOPES } from '@wdp/ingestion';
import { problem, ProblemException } from '@wdp/platform';

/** Unsuppressed (small-cell) figures: an elevated scope beyond read:monitoring. */
export const UNSUPPRESSED_SCOPE = MONITORING_SCOPES.readUnsuppressed;

/** Whether a key may see figures without small-number suppression: read:unsuppressed, or the administrator. */
export function mayReadUnsuppressed(scopes: readonly string[]): boolean {
  return scopes.includes(UNSUPPRESSED_SCOPE) || scopes.includes(ADMIN_SCOPE);
}

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

// Each action changes what others see, so read:monitoring is not enough; each takes its own scope (or admin),
// so that a key handed out for one (a dashboard that acknowledges) cannot do the others (point webhooks anywhere).

/** Acknowledge, resolve by hand, comment on alerts: handle:alerts or admin. */
export const AlertActionAccess = () => AnyScopeAccess(MONITORING_SCOPES.handleAlerts, ADMIN_SCOPE);

/** Webhook subscriptions, their secrets and delivery logs: manage:subscriptions or admin. */
export const SubscriptionAccess = () => AnyScopeAccess(MONITORING_SCOPES.manageSubscriptions, ADMIN_SCOPE);

/** Freezing a report snapshot: generate:reports or admin. */
export const ReportGenerationAccess = () => AnyScopeAccess(MONITORING_SCOPES.generateReports, ADMIN_SCOPE);

/**
 * Figures that can be asked for unsuppressed (values, reports): read:monitoring, or admin, who may read them
 * unsuppressed and so must be able to reach them at all.
 */
export const FigureAccess = () => AnyScopeAccess(MONITORING_SCOPES.read, ADMIN_SCOPE);
