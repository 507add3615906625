import { IsInt, Max, Min } from 'class-validator';
import { KAFKA_CLIENTS } from '@wdp/messaging';
import { ConfigValidationError, validateEnv } from './validate-env';
import { ServiceConfig } from './service-config';

class Sample {
  @IsInt()
  @Min(1)
  @Max(10)
  WORKERS: number = 2;
}

describe('validateEnv', () => {
  it('applies defaults and converts numbers', () => {
    expect(validateEnv(Sample, {}).WORKERS).toBe(2);
    expect(validateEnv(Sample, { WORKERS: '7' }).WORKERS).toBe(7);
  });

  it('names the variable, the rule and the value it got', () => {
    expect(() => validateEnv(Sample, { WORKERS: '99' })).toThrow(/WORKERS: .*must not be greater than 10.*got "99"/);
  });

  it('lists every bad variable at once and hides secrets', () => {
    const env = { PORT: 'abc', KAFKA_BROKERS: 'nohostport', DATABASE_URL: 'mysql://user:secret@h/db' };
    try {
      validateEnv(ServiceConfig, env);
      fail('expected a ConfigValidationError');
    } catch (err) {
      const e = err as ConfigValidationError;
      expect(e.problems.map((p) => p.split(':')[0]).sort()).toEqual(['DATABASE_URL', 'KAFKA_BROKERS', 'PORT']);
      expect(e.message).not.toContain('secret');
    }
  });

  it('accepts a broker list and a postgres URL', () => {
    const c = validateEnv(ServiceConfig, { PORT: '3001', KAFKA_BROKERS: 'k1:9092,k2:9092', DATABASE_URL: 'postgresql://u@db:5432/x' });
    expect(c.PORT).toBe(3001);
    expect(c.KAFKA_BROKERS).toBe('k1:9092,k2:9092');
  });

  it('takes every Kafka client messaging offers, kafkajs by default, and rejects any other', () => {
    const env = { PORT: '3001' };
    expect(validateEnv(ServiceConfig, env).KAFKA_CLIENT).toBe('kafkajs');
    for (const client of KAFKA_CLIENTS) expect(validateEnv(ServiceConfig, { ...env, KAFKA_CLIENT: client }).KAFKA_CLIENT).toBe(client);
    expect(() => validateEnv(ServiceConfig, { ...env, KAFKA_CLIENT: 'rdkafka' })).toThrow(/KAFKA_CLIENT: must be kafkajs or platformatic \(got "rdkafka"\)/);
  });
});
