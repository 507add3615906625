import { validateEnv } from '@wdp/config';
import { MonitoringServiceConfig } from './config';

describe('MonitoringServiceConfig', () => {
  it('reads boolean switches from their text, with defaults', () => {
    const defaults = validateEnv(MonitoringServiceConfig, {});
    expect(defaults).toMatchObject({ PORT: 3000, MESSAGING_ENABLED: true, CONSUME_FROM_BEGINNING: true, SUBMISSION_CHECK_INTERVAL_MS: 60_000, CONSUMER_GROUP_ID: 'monitoring-service' });
    const off = validateEnv(MonitoringServiceConfig, { MESSAGING_ENABLED: 'false', CONSUME_FROM_BEGINNING: '0' });
    expect(off).toMatchObject({ MESSAGING_ENABLED: false, CONSUME_FROM_BEGINNING: false });
  });

  it('names a bad group id', () => {
    expect(() => validateEnv(MonitoringServiceConfig, { CONSUMER_GROUP_ID: 'bad group' })).toThrow(/CONSUMER_GROUP_ID/);
  });

  it('bounds how long an incomplete request holds alert decisions (default a minute) and names a bad value', () => {
    expect(validateEnv(MonitoringServiceConfig, {}).ALERT_INCOMPLETE_MAX_WAIT_MS).toBe(60_000);
    expect(validateEnv(MonitoringServiceConfig, { ALERT_INCOMPLETE_MAX_WAIT_MS: '0' }).ALERT_INCOMPLETE_MAX_WAIT_MS).toBe(0);
    for (const bad of ['-1', '3600001', 'soon']) {
      expect(() => validateEnv(MonitoringServiceConfig, { ALERT_INCOMPLETE_MAX_WAIT_MS: bad })).toThrow(/ALERT_INCOMPLETE_MAX_WAIT_MS/);
    }
  });

  it('decides alerts after 100 ms of quiet by default, and polls the alert queue only as a fallback (50 ms – 1 min)', () => {
    expect(validateEnv(MonitoringServiceConfig, {})).toMatchObject({ ALERT_SETTLE_MS: 100, ALERT_MAX_WAIT_MS: 1_000, ALERT_SETTLER_POLL_MS: 1_000 });
    expect(validateEnv(MonitoringServiceConfig, { ALERT_SETTLER_POLL_MS: '50' }).ALERT_SETTLER_POLL_MS).toBe(50);
    for (const bad of ['0', '49', '60001', 'often']) {
      expect(() => validateEnv(MonitoringServiceConfig, { ALERT_SETTLER_POLL_MS: bad })).toThrow(/ALERT_SETTLER_POLL_MS/);
    }
  });
});
