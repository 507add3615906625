import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { ApiKeyService, IssuedApiKey } from './api-key.service';
import { ADMIN_SCOPE, departmentScope } from './scopes';

export interface DemoKeysFile {
  service: string;
  department: string;
  createdAt: string;
  /** `admin` (key management) and the department key (write + read). */
  keys: Record<string, { id: string; prefix: string; scopes: string[]; key: string }>;
}

export interface BootstrapOptions {
  serviceName: string;
  department: string;
  /** From ADMIN_API_KEY: registered (idempotently) with the admin scope; no demo file is written. */
  adminKey?: string;
  /** Demo keys file, or false to issue none. */
  keysFile: string | false;
  log(message: string): void;
}

export function defaultKeysFile(serviceName: string): string {
  return resolve(process.cwd(), '.local', 'keys', `${serviceName}.json`);
}

/** A production process was given no admin key and no place for demo keys. */
export class MissingAdminKeyError extends Error {
  constructor(serviceName: string) {
    super(
      `${serviceName} has no admin key: set ADMIN_API_KEY (docs/operations.md). A production process (NODE_ENV=production, as in the image) ` +
        'writes no demo keys unless API_KEYS_FILE names a writable file for them (or is off for none)',
    );
    this.name = 'MissingAdminKeyError';
  }
}

/**
 * The demo keys file for this start, or false for none. `npm start` writes them under .local/keys by default.
 * A production process never does so silently: in the image /app is read-only, and a cluster must not grow
 * keys nobody asked for. There ADMIN_API_KEY is required, unless API_KEYS_FILE says where demo keys go or is off.
 */
export function demoKeysFile(
  serviceName: string,
  config: { ADMIN_API_KEY?: string; API_KEYS_FILE?: string },
  env: NodeJS.ProcessEnv = process.env,
): string | false {
  if (config.API_KEYS_FILE === 'off' || config.ADMIN_API_KEY) return false;
  if (config.API_KEYS_FILE) return config.API_KEYS_FILE;
  if (env.NODE_ENV === 'production') throw new MissingAdminKeyError(serviceName);
  return defaultKeysFile(serviceName);
}

/**
 * Makes sure a service can be administered from its first start. With ADMIN_API_KEY the operator brings
 * the key. Without it (local `npm start`) the service issues an admin key and a department key and writes
 * them, readable only by this user, to the keys file; on restart the file is reused while its keys still work.
 * Keys are never logged, only the file's location.
 */
export async function ensureBootstrapKeys(keys: ApiKeyService, options: BootstrapOptions): Promise<void> {
  if (options.adminKey) {
    await keys.register(options.adminKey, [ADMIN_SCOPE], 'bootstrap admin key (ADMIN_API_KEY)');
    options.log('bootstrap admin key from ADMIN_API_KEY is registered');
    return;
  }
  if (options.keysFile === false) return;
  const file = options.keysFile;
  const existing = readKeysFile(file);
  if (existing && existing.department === options.department && (await allValid(keys, existing))) {
    options.log(`demo API keys: ${file} (reused)`);
    return;
  }
  const admin = await keys.issue({ department: options.department, scopes: [ADMIN_SCOPE], label: 'demo admin key (npm start)' });
  const dept = await keys.issue({
    department: options.department,
    scopes: [departmentScope('write', options.department), departmentScope('read', options.department)],
    label: `demo ${options.department} department key (npm start)`,
  });
  const content: DemoKeysFile = {
    service: options.serviceName,
    department: options.department,
    createdAt: new Date().toISOString(),
    keys: { admin: entry(admin), [options.department]: entry(dept) },
  };
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, file);
  options.log(`demo API keys written to ${file}`);
}

function entry(k: IssuedApiKey) {
  return { id: k.id, prefix: k.prefix, scopes: k.scopes, key: k.key };
}

export function readKeysFile(file: string): DemoKeysFile | undefined {
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as DemoKeysFile;
  } catch {
    return undefined;
  }
}

async function allValid(keys: ApiKeyService, file: DemoKeysFile): Promise<boolean> {
  const entries = Object.values(file.keys ?? {});
  if (entries.length === 0) return false;
  for (const e of entries) {
    if ((await keys.authenticate(e.key)).outcome !== 'authenticated') return false;
  }
  return true;
}
