import { nestMessagingLogger } from './nest-messaging-logger';

describe('nestMessagingLogger', () => {
  const lines: [string, string][] = [];
  const nest = {
    debug: (m: string) => lines.push(['debug', m]),
    log: (m: string) => lines.push(['log', m]),
    warn: (m: string) => lines.push(['warn', m]),
    error: (m: string) => lines.push(['error', m]),
  };
  beforeEach(() => (lines.length = 0));

  it('maps each level to the Nest method (info to log)', () => {
    const log = nestMessagingLogger(nest);
    log.debug('d');
    log.info('i');
    log.warn('w');
    log.error('e');
    expect(lines).toEqual([['debug', 'd'], ['log', 'i'], ['warn', 'w'], ['error', 'e']]);
  });

  it('appends a non-empty context as JSON and leaves an empty one out', () => {
    const log = nestMessagingLogger(nest);
    log.warn('send failed', { topic: 'wdp.health.events.v1', attempt: 2 });
    log.info('started', {});
    expect(lines).toEqual([['warn', 'send failed {"topic":"wdp.health.events.v1","attempt":2}'], ['log', 'started']]);
  });
});
