import { logLevel } from 'kafkajs';
import { kafkaLogCreator, safeLogContext, type MessagingLogger } from './logger';

describe('safeLogContext', () => {
  it('passes known-safe fields and drops anything else, message values included', () => {
    expect(safeLogContext({ broker: 'b:9092', topic: 't', value: 'secret', messages: [{ value: 'x' }] }))
      .toEqual({ broker: 'b:9092', topic: 't' });
  });
});

describe('kafkaLogCreator', () => {
  it('routes by level and prefixes the namespace', () => {
    const seen: [string, string, Record<string, unknown> | undefined][] = [];
    const logger: MessagingLogger = {
      debug: (m, c) => seen.push(['debug', m, c]),
      info: (m, c) => seen.push(['info', m, c]),
      warn: (m, c) => seen.push(['warn', m, c]),
      error: (m, c) => seen.push(['error', m, c]),
    };
    const log = kafkaLogCreator(logger)();
    log({ namespace: 'Producer', level: logLevel.ERROR, label: 'ERROR', log: { message: 'failed', timestamp: 'x', value: 'v' } as never });
    log({ namespace: '', level: logLevel.WARN, label: 'WARN', log: { message: 'slow', timestamp: 'x', topic: 't' } as never });
    expect(seen).toEqual([['error', 'Producer: failed', {}], ['warn', 'slow', { topic: 't' }]]);
  });
});
