import { ConfigValidationError, validateEnv } from '@wdp/config';
import { generateApiKey } from './auth/api-key-secret';
import { IngestionConfig } from './ingestion-config';

describe('IngestionConfig', () => {
  it('reads ADMIN_API_KEY, API_KEYS_FILE and AREAS_FILE from the environment', () => {
    const { key } = generateApiKey('health');
    const c = validateEnv(IngestionConfig, { PORT: '3001', ADMIN_API_KEY: key, API_KEYS_FILE: 'off', AREAS_FILE: '/etc/wdp/areas.json', DATABASE_NAME: 'wdp_x' });
    expect(c).toMatchObject({ ADMIN_API_KEY: key, API_KEYS_FILE: 'off', AREAS_FILE: '/etc/wdp/areas.json', DATABASE_NAME: 'wdp_x' });
    expect(validateEnv(IngestionConfig, { PORT: '3001' }).ADMIN_API_KEY).toBeUndefined();
  });

  it('rejects a malformed admin key without echoing it', () => {
    try {
      validateEnv(IngestionConfig, { PORT: '3001', ADMIN_API_KEY: 'hunter2-secret' });
      throw new Error('expected a ConfigValidationError');
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigValidationError);
      expect((err as Error).message).toContain('ADMIN_API_KEY');
      expect((err as Error).message).not.toContain('hunter2');
    }
  });

  it('reads APPROVAL_REQUIRED as department-qualified datasets, and names it when malformed', () => {
    expect(validateEnv(IngestionConfig, { PORT: '3001', APPROVAL_REQUIRED: 'health/records/maternal-death, statistics/*' }).APPROVAL_REQUIRED).toBe('health/records/maternal-death, statistics/*');
    expect(validateEnv(IngestionConfig, { PORT: '3001' }).APPROVAL_REQUIRED).toBeUndefined();
    expect(() => validateEnv(IngestionConfig, { PORT: '3001', APPROVAL_REQUIRED: 'records/maternal-death' })).toThrow(/APPROVAL_REQUIRED/);
  });
});
