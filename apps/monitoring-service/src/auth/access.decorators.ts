import { applyDecorators, UseGuards } from '@nestjs/common';
import { ADMIN_SCOPE, ApiKeyGuard, ApiKeyProtected, MONITORING_SCOPES, RequireScope } from '@wdp/ingestion';

/** Scope of monitoring's read API. */
export const MONITORING_READ_SCOPE = MONITORING_SCOPES.read;

/** A read endpoint: an API key with read:monitoring. */
export const ReadAccess = () => applyDecorators(UseGuards(ApiKeyGuard), RequireScope(MONITORING_READ_SCOPE), ApiKeyProtected());

/** An administrative endpoint (targets, recomputation): an API key with the admin scope. */
export const AdminAccess = () => applyDecorators(UseGuards(ApiKeyGuard), RequireScope(ADMIN_SCOPE), ApiKeyProtected());
