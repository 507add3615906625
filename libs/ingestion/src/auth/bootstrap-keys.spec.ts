import { resolve } from 'node:path';
import { demoKeysFile, MissingAdminKeyError } from './bootstrap-keys';

const KEY = `wdp_health_0123abcd_${'A'.repeat(43)}`;

describe('where demo keys go (demoKeysFile)', () => {
  it('npm start (no NODE_ENV) writes them under .local/keys of the working directory', () => {
    expect(demoKeysFile('health-service', {}, {})).toBe(resolve(process.cwd(), '.local', 'keys', 'health-service.json'));
  });

  it('a production process with neither ADMIN_API_KEY nor API_KEYS_FILE refuses, naming ADMIN_API_KEY', () => {
    // The image sets NODE_ENV=production and /app is read-only: the old default wrote there and died of EACCES.
    expect(() => demoKeysFile('health-service', {}, { NODE_ENV: 'production' })).toThrow(MissingAdminKeyError);
    expect(() => demoKeysFile('health-service', {}, { NODE_ENV: 'production' })).toThrow(/health-service has no admin key: set ADMIN_API_KEY/);
  });

  it('an admin key or API_KEYS_FILE=off means no demo keys, in production too', () => {
    expect(demoKeysFile('health-service', { ADMIN_API_KEY: KEY }, { NODE_ENV: 'production' })).toBe(false);
    expect(demoKeysFile('health-service', { API_KEYS_FILE: 'off' }, { NODE_ENV: 'production' })).toBe(false);
    expect(demoKeysFile('health-service', { API_KEYS_FILE: 'off' }, {})).toBe(false);
  });

  it('API_KEYS_FILE opts a production process in to demo keys at that path', () => {
    expect(demoKeysFile('health-service', { API_KEYS_FILE: '/var/lib/wdp/keys/health.json' }, { NODE_ENV: 'production' })).toBe('/var/lib/wdp/keys/health.json');
  });
});
