import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { ApiKeyService, demoKeysFile, MONITORING_KEY_DEPARTMENT } from '@wdp/ingestion';
import { SERVICE_CONFIG } from '@wdp/platform';
import type { MonitoringServiceConfig } from '../config';
import { MONITORING_READ_SCOPE } from './access.decorators';

/**
 * Only what anyone holding the dashboard's key should do: read (the board, drill-downs, the live stream).
 * Acknowledging from the dashboard takes a key with handle:alerts, issued to the person who handles alerts.
 */
export const DEMO_SCOPES: readonly string[] = [MONITORING_READ_SCOPE];

/** Where the demo reader key goes, beside the ingestion framework's demo keys. */
export function demoReaderKeyFile(config: Pick<MonitoringServiceConfig, 'API_KEYS_FILE'>): string {
  const keysFile = config.API_KEYS_FILE ?? resolve(process.cwd(), '.local', 'keys', 'monitoring-service.json');
  return keysFile.replace(/\.json$/, '') + '.reader.json';
}

/**
 * Local `npm start` only (no ADMIN_API_KEY, demo keys on): issues the dashboard's read-only key and writes it,
 * readable by this user only, next to the demo admin and statistics keys. Reused on restart while it still
 * works with exactly these scopes; one with more (an earlier demo key held write:monitoring) is revoked and
 * replaced. The key itself is never logged.
 */
@Injectable()
export class DemoReaderKey implements OnApplicationBootstrap {
  private readonly logger = new Logger('DemoReaderKey');

  constructor(
    @Inject(ApiKeyService) private readonly keys: ApiKeyService,
    @Inject(SERVICE_CONFIG) private readonly config: MonitoringServiceConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // The same rule as the ingestion framework's demo keys: none with an admin key or `off`, none silently in production.
    if (demoKeysFile('monitoring-service', this.config) === false) return;
    const file = demoReaderKeyFile(this.config);
    if (existsSync(file)) {
      try {
        const { key } = JSON.parse(readFileSync(file, 'utf8')) as { key: string };
        const auth = await this.keys.authenticate(key);
        if (auth.outcome === 'authenticated') {
          if (sameScopes(auth.principal.scopes, DEMO_SCOPES)) return;
          await this.keys.revoke(auth.principal.id, 'demo key replaced: it held more than the dashboard needs');
        }
      } catch {
        // unreadable: issue a new one below
      }
    }
    const issued = await this.keys.issue({ department: MONITORING_KEY_DEPARTMENT, scopes: [...DEMO_SCOPES], label: 'demo dashboard reader key (npm start)' });
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify({ service: 'monitoring-service', scopes: issued.scopes, id: issued.id, prefix: issued.prefix, key: issued.key }, null, 2)}\n`, { mode: 0o600 });
    renameSync(tmp, file);
    this.logger.log(`demo read:monitoring key written to ${file}`);
  }
}

function sameScopes(held: readonly string[], wanted: readonly string[]): boolean {
  return held.length === wanted.length && wanted.every((s) => held.includes(s));
}
