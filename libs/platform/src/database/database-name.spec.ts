import { defaultDatabaseName, urlForDatabase } from './database-name';

describe('database naming', () => {
  it('gives each service its own database', () => {
    expect(defaultDatabaseName('health-service')).toBe('wdp_health');
    expect(defaultDatabaseName('social-security-service')).toBe('wdp_social_security');
    expect(defaultDatabaseName('monitoring-service')).toBe('wdp_monitoring');
  });

  it('points a server URL at a database, keeping credentials and options', () => {
    expect(urlForDatabase('postgres://u:p@db:5432/postgres?sslmode=require', 'wdp_health')).toBe(
      'postgres://u:p@db:5432/wdp_health?sslmode=require',
    );
  });
});
