import { logLevel, type LogEntry } from 'kafkajs';

/** The logging surface messaging needs; a NestJS Logger or console fits through `consoleMessagingLogger`. */
export interface MessagingLogger {
  debug(message: string, context?: Record<string, unknown>): void;
  info(message: string, context?: Record<string, unknown>): void;
  warn(message: string, context?: Record<string, unknown>): void;
  error(message: string, context?: Record<string, unknown>): void;
}

export const silentMessagingLogger: MessagingLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/** Writes warnings and errors to stderr as one line each; debug/info are dropped unless `verbose`. */
export function consoleMessagingLogger(prefix = 'messaging', verbose = false): MessagingLogger {
  const line = (level: string, message: string, context?: Record<string, unknown>) =>
    `[${prefix}] ${level} ${message}${context && Object.keys(context).length ? ` ${JSON.stringify(context)}` : ''}`;
  return {
    debug: (m, c) => verbose && console.debug(line('debug', m, c)),
    info: (m, c) => verbose && console.info(line('info', m, c)),
    warn: (m, c) => console.warn(line('warn', m, c)),
    error: (m, c) => console.error(line('error', m, c)),
  };
}

/**
 * kafkajs log fields we pass on. Anything else is dropped, so message values (which may hold
 * statistical records) can never reach a log line even if a future kafkajs version attaches them.
 */
const SAFE_LOG_FIELDS = [
  'broker', 'clientId', 'groupId', 'memberId', 'topic', 'partition', 'error', 'retryCount', 'retryTime', 'correlationId',
] as const;

export function safeLogContext(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of SAFE_LOG_FIELDS) if (fields[k] !== undefined) out[k] = fields[k];
  return out;
}

/** Adapts a MessagingLogger to kafkajs' logCreator contract. */
export function kafkaLogCreator(logger: MessagingLogger) {
  return () =>
    ({ namespace, level, log }: LogEntry) => {
      const { message, ...rest } = log as { message: string } & Record<string, unknown>;
      const text = namespace ? `${namespace}: ${message}` : message;
      const ctx = safeLogContext(rest);
      if (level === logLevel.ERROR) logger.error(text, ctx);
      else if (level === logLevel.WARN) logger.warn(text, ctx);
      else if (level === logLevel.INFO) logger.info(text, ctx);
      else logger.debug(text, ctx);
    };
}
