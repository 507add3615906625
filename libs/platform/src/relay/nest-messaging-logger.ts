import type { Logger } from '@nestjs/common';
import type { MessagingLogger } from '@wdp/messaging';

/**
 * `@wdp/messaging` knows nothing of Nest and logs through its own four-method interface; a Nest-hosted relay or
 * consumer hands those lines to its Nest logger here, the structured context appended as JSON.
 */
export function nestMessagingLogger(logger: Pick<Logger, 'debug' | 'log' | 'warn' | 'error'>): MessagingLogger {
  return {
    debug: (m, c) => logger.debug(withContext(m, c)),
    info: (m, c) => logger.log(withContext(m, c)),
    warn: (m, c) => logger.warn(withContext(m, c)),
    error: (m, c) => logger.error(withContext(m, c)),
  };
}

function withContext(message: string, context?: Record<string, unknown>): string {
  return context && Object.keys(context).length ? `${message} ${JSON.stringify(context)}` : message;
}
