import 'reflect-metadata';
import { ServiceConfig } from './service-config';
import { ConfigValidationError, validateEnv } from './validate-env';

const env = (vars: Record<string, string>) => ({ PORT: '3001', ...vars });

describe('ServiceConfig DATABASE_POOL_MAX', () => {
  it('defaults to 20 connections and takes the number a deployment derives from its replicas', () => {
    expect(validateEnv(ServiceConfig, env({})).DATABASE_POOL_MAX).toBe(20);
    expect(validateEnv(ServiceConfig, env({ DATABASE_POOL_MAX: '3' })).DATABASE_POOL_MAX).toBe(3);
  });

  it.each(['0', '-1', '2.5', 'twenty', '501'])('refuses %s, naming the variable', (value) => {
    expect(() => validateEnv(ServiceConfig, env({ DATABASE_POOL_MAX: value }))).toThrow(ConfigValidationError);
    expect(() => validateEnv(ServiceConfig, env({ DATABASE_POOL_MAX: value }))).toThrow(/DATABASE_POOL_MAX/);
  });
});
