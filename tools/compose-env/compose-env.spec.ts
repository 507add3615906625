import { SERVICE_APPS } from '../openapi/services';
import { adminKeyVariable, completeEnvFile, freshComposeSecrets, parseEnvFile, WEBHOOK_SECRET_VARIABLE } from './compose-env';

// The command's rules; that docker-compose.yml reads exactly these variables is checked in tests/system/compose.spec.ts.

const secrets = freshComposeSecrets();

describe('npm run compose:env', () => {
  it('writes every secret compose needs, each well-formed for its service', () => {
    const { text: written, added } = completeEnvFile('');
    const values = parseEnvFile(written);
    expect(added.sort()).toEqual(Object.keys(secrets).sort());
    for (const app of SERVICE_APPS) {
      const key = values[adminKeyVariable(app.info.name)];
      const { validateEnv } = require('@wdp/config') as typeof import('@wdp/config');
      expect(() => validateEnv(app.configClass, { PORT: '3000', ADMIN_API_KEY: key, WEBHOOK_SECRET_KEY: values[WEBHOOK_SECRET_VARIABLE] })).not.toThrow();
    }
    expect(values[WEBHOOK_SECRET_VARIABLE].length).toBeGreaterThanOrEqual(32);
  });

  it('keeps what .env already holds and adds only what is missing', () => {
    const existing = `# mine\nWEBHOOK_SECRET_KEY=${'k'.repeat(40)}\nHEALTH_SERVICE_ADMIN_API_KEY=${secrets.HEALTH_SERVICE_ADMIN_API_KEY}`;
    const { text: completed, added } = completeEnvFile(existing);
    expect(completed.startsWith(`${existing}\n`)).toBe(true);
    expect(added).not.toContain('WEBHOOK_SECRET_KEY');
    expect(added).not.toContain('HEALTH_SERVICE_ADMIN_API_KEY');
    expect(parseEnvFile(completed).WEBHOOK_SECRET_KEY).toBe('k'.repeat(40));
    expect(completeEnvFile(completed).added).toEqual([]);
  });
});
