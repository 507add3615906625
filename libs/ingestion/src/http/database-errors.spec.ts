import { ProblemException } from '@wdp/platform';
import { isDatabaseUnavailable, rethrowAsUnavailable } from './database-errors';

describe('database outage detection', () => {
  it('recognises connection failures, wrapped or not', () => {
    expect(isDatabaseUnavailable(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isDatabaseUnavailable({ message: 'query failed', driverError: { code: '57P01' } })).toBe(true);
    expect(isDatabaseUnavailable(new Error('timeout exceeded when trying to connect'))).toBe(true);
    expect(isDatabaseUnavailable({ code: '08006' })).toBe(true);
    expect(isDatabaseUnavailable({ code: '55000', message: 'database "wdp_health" is not currently accepting connections' })).toBe(true);
  });

  it('leaves ordinary errors alone', () => {
    expect(isDatabaseUnavailable({ code: '23505', message: 'duplicate key' })).toBe(false);
    expect(isDatabaseUnavailable(new TypeError('x is undefined'))).toBe(false);
  });

  it('maps an outage to 503 with Retry-After', () => {
    try {
      rethrowAsUnavailable({ code: 'ECONNRESET' });
    } catch (err) {
      expect(err).toBeInstanceOf(ProblemException);
      expect((err as ProblemException).problem.status).toBe(503);
      expect((err as ProblemException).headers['Retry-After']).toBe('5');
    }
    expect.assertions(3);
  });
});
