import { ServiceConfig } from '@wdp/config';
import { EVENT_GENERATIONS, type EventGeneration } from '@wdp/contracts';
import { IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { API_KEY_PATTERN } from './auth/api-key-secret';

/**
 * Environment of a service built on @wdp/ingestion. Properties are initialised (even to undefined) so
 * validateEnv picks them up from the environment.
 */
export class IngestionConfig extends ServiceConfig {
  /** A bootstrap admin key (wdp_<department>_<8 hex>_<43 base64url>). Sensitive: never printed. */
  @IsOptional()
  @Matches(new RegExp(API_KEY_PATTERN), { message: 'must be an API key of the form wdp_<department>_<8 hex>_<43 base64url characters>' })
  ADMIN_API_KEY?: string = undefined;

  /**
   * Where demo keys are written when no ADMIN_API_KEY is given (default .local/keys/<service>.json);
   * `off` disables issuing demo keys.
   */
  @IsOptional()
  @IsString()
  API_KEYS_FILE?: string = undefined;

  /** Area reference data (default deploy/reference/areas.json); reloaded when the file changes. */
  @IsOptional()
  @IsString()
  AREAS_FILE?: string = undefined;

  /**
   * How record changes are published: `v2` (default), one batch event per accepted request and partition on
   * `wdp.<department>.events.v2`; `v1`, one event per record change on `wdp.<department>.events.v1`.
   * Monitoring reads both, so services can switch one at a time.
   */
  @IsIn(EVENT_GENERATIONS)
  EVENT_GENERATION: EventGeneration = 'v2';

  /**
   * Datasets that wait for an approver before they count (docs/approval.md): comma-separated
   * `<department>/records/<kind>`, `<department>/returns/<kind>`, `<department>/*`, or `*`; every service keeps its
   * own department's. Empty (the default, and the demo data's setting): every dataset is approved automatically,
   * so data counts as soon as it is committed and no period is ever locked.
   */
  @IsOptional()
  @Matches(/^\s*(\*|[a-z-]+\/(\*|(records|returns)\/[a-z0-9-]+))?(\s*,\s*(\*|[a-z-]+\/(\*|(records|returns)\/[a-z0-9-]+)))*\s*$/, {
    message: 'must be a comma-separated list of <department>/records/<kind>, <department>/returns/<kind>, <department>/* or *',
  })
  APPROVAL_REQUIRED?: string = undefined;
}
