import { defaultDatabaseName, ensureDatabase, urlForDatabase } from '@wdp/platform';
import { messagingMigrations } from '@wdp/messaging';
import { DataSource } from 'typeorm';
import { ApiKeyInputError, ApiKeyService } from '../auth/api-key.service';
import { keyPolicyOfService } from '../auth/key-policy';
import { parseScopes } from '../auth/scopes';
import { ingestionMigrations } from '../persistence/migrations';

export const KEYS_USAGE = `Usage:
  npm run keys -- issue  --service <health|education|...> --department <code> --scopes <s1,s2> [--label <text>]
  npm run keys -- list   --service <name> [--all]
  npm run keys -- revoke --service <name> --id <key id> --reason <text>
Connects to DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres), database DATABASE_NAME or wdp_<service>.
The issued key is printed once; only its SHA-256 is stored.`;

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  env: NodeJS.ProcessEnv;
}

export function parseArgs(argv: string[]): { command?: string; flags: Record<string, string | true> } {
  const [command, ...rest] = argv;
  const flags: Record<string, string | true> = {};
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (!a.startsWith('--')) continue;
    const next = rest[i + 1];
    if (next !== undefined && !next.startsWith('--')) {
      flags[a.slice(2)] = next;
      i++;
    } else flags[a.slice(2)] = true;
  }
  return { command, flags };
}

/** `health`, `health-service` → `health-service`. */
export function serviceName(service: string): string {
  return service.endsWith('-service') ? service : `${service}-service`;
}

/** Key administration from a shell, against the service's own database. Returns the exit code. */
export async function runKeysCli(argv: string[], io: CliIo): Promise<number> {
  const { command, flags } = parseArgs(argv);
  const str = (name: string) => (typeof flags[name] === 'string' ? (flags[name] as string) : undefined);
  if (!command || !['issue', 'list', 'revoke'].includes(command) || !str('service')) {
    io.err(KEYS_USAGE);
    return 64;
  }
  const service = serviceName(str('service')!);
  // The same rule as POST /v1/admin/api-keys: a service's store holds only its own department's keys and scopes.
  const store = keyPolicyOfService(service);
  if (!store) {
    io.err(`unknown service ${service}`);
    return 64;
  }
  const serverUrl = io.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const database = io.env.DATABASE_NAME ?? defaultDatabaseName(service);
  await ensureDatabase(serverUrl, database);
  const dataSource = new DataSource({
    type: 'postgres',
    url: urlForDatabase(serverUrl, database),
    migrations: [...messagingMigrations, ...ingestionMigrations],
    migrationsTransactionMode: 'each',
    applicationName: 'wdp-keys-cli',
  });
  await dataSource.initialize();
  try {
    await dataSource.runMigrations();
    const department = str('department') ?? service.replace(/-service$/, '');
    const keys = new ApiKeyService(dataSource, store.department, store.policy);
    switch (command) {
      case 'issue': {
        const issued = await keys.issue({
          department,
          scopes: parseScopes(str('scopes') ?? ''),
          label: str('label') ?? `issued with npm run keys by ${io.env.USER ?? 'an administrator'}`,
        });
        const { key, ...info } = issued;
        io.out(JSON.stringify({ ...info, key }, null, 2));
        io.err('Store the key now: it is not shown again.');
        return 0;
      }
      case 'list':
        for (const k of await keys.list(flags.all === true)) {
          io.out(`${k.id}  ${k.prefix}  ${k.department}  ${k.scopes.join(',')}  ${k.revokedAt ? `revoked ${k.revokedAt}` : 'active'}  ${k.label}`);
        }
        return 0;
      case 'revoke': {
        const id = str('id');
        const reason = str('reason');
        if (!id || !reason) {
          io.err('revoke needs --id and --reason');
          return 64;
        }
        const info = /^[0-9a-f-]{36}$/i.test(id) ? await keys.revoke(id, reason) : undefined;
        if (!info) {
          io.err(`no key with id ${id}`);
          return 1;
        }
        io.out(`revoked ${info.id} (${info.prefix}) at ${info.revokedAt}`);
        return 0;
      }
    }
    return 64;
  } catch (err) {
    if (err instanceof ApiKeyInputError) {
      io.err(err.message);
      return 65;
    }
    throw err;
  } finally {
    await dataSource.destroy();
  }
}
