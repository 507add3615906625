import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { DEPARTMENTS } from '@wdp/contracts';
import { generateApiKey } from '@wdp/ingestion';

/**
 * `npm run compose:env`: the secrets docker-compose.yml takes from `.env` (compose reads it by itself): one
 * bootstrap admin key per service (its ADMIN_API_KEY) and the key that encrypts webhook signing secrets.
 * The services run as production processes there and refuse to start without an admin key; they never write
 * demo keys into their read-only filesystem. An existing value is kept, never replaced: the keys are registered
 * in the databases at first start, and a new WEBHOOK_SECRET_KEY could not decrypt the secrets stored with the old one.
 */

const { SERVICES } = require('../../scripts/lib/services.cjs') as { SERVICES: { name: string; port: number }[] };

/** `health-service` → `HEALTH_SERVICE_ADMIN_API_KEY`: the variable docker-compose.yml reads for that service. */
export function adminKeyVariable(service: string): string {
  return `${service.toUpperCase().replace(/-/g, '_')}_ADMIN_API_KEY`;
}

export const WEBHOOK_SECRET_VARIABLE = 'WEBHOOK_SECRET_KEY';

/** The department an admin key of this service names (a service refuses keys of other departments). */
function departmentOf(service: string): string {
  const served = DEPARTMENTS.find((d) => d.service === service);
  if (!served) throw new Error(`no department is served by ${service}`);
  return served.code;
}

/** Fresh values for every variable compose needs. */
export function freshComposeSecrets(): Record<string, string> {
  const values: Record<string, string> = {};
  for (const { name } of SERVICES) values[adminKeyVariable(name)] = generateApiKey(departmentOf(name)).key;
  values[WEBHOOK_SECRET_VARIABLE] = randomBytes(32).toString('base64url');
  return values;
}

/** `NAME=value` lines of a .env file (comments and blank lines skipped). */
export function parseEnvFile(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (m && !line.trimStart().startsWith('#')) values[m[1]] = m[2].replace(/^(['"])(.*)\1$/, '$2');
  }
  return values;
}

/**
 * Adds whatever `existing` (a .env file's text) lacks and returns the new text and what was added. The
 * generated values are base64url and key characters only, so they need no quoting in compose's .env syntax.
 */
export function completeEnvFile(existing: string, fresh: Record<string, string> = freshComposeSecrets()): { text: string; added: string[] } {
  const present = parseEnvFile(existing);
  const added = Object.keys(fresh).filter((k) => !present[k]);
  if (!added.length) return { text: existing, added };
  const header = existing ? (existing.endsWith('\n') ? '' : '\n') : '# docker-compose secrets (npm run compose:env); keep this file out of version control\n';
  return { text: `${existing}${header}${added.map((k) => `${k}=${fresh[k]}\n`).join('')}`, added };
}

if (require.main === module) {
  const file = path.resolve(process.argv[2] ?? path.join(__dirname, '..', '..', '.env'));
  const existing = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  const { text, added } = completeEnvFile(existing);
  if (added.length) fs.writeFileSync(file, text, { mode: 0o600 });
  console.log(added.length ? `${file}: added ${added.join(', ')}` : `${file}: every compose secret is already set`);
}
