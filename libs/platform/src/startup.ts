import { loggableText } from './logging';

/** Where a failed start-up reports and how it ends; the process's own by default, injectable for tests. */
export interface StartupIo {
  writeLine(line: string): void;
  exit(code: number): void;
  now(): number;
}

const PROCESS_IO: StartupIo = {
  // Synchronous for files and pipes, so the line is out before the process exits.
  writeLine: (line) => process.stderr.write(`${line}\n`),
  exit: (code) => {
    process.exitCode = code;
    process.exit(code);
  },
  now: () => Date.now(),
};

/** Exit status of a service that could not start (its orchestrator restarts it). */
export const STARTUP_FAILURE_EXIT_CODE = 1;

/** `postgres://user:secret@host` → `postgres://user:***@host`, and libpq's `password=secret` likewise. */
export function withoutCredentials(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/[^\s:/@]*):[^\s/]*@/gi, '$1:***@').replace(/(password\s*=\s*)('[^']*'|\S+)/gi, '$1***');
}

/** What went wrong, in one line: name, code and message, and the causes of an aggregate (a refused IPv4 and IPv6 connect). */
export function describeStartupError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const code = (err as NodeJS.ErrnoException).code;
  const inner = err instanceof AggregateError ? err.errors.filter((e): e is Error => e instanceof Error).map((e) => e.message) : [];
  const message = [err.message, ...inner].filter(Boolean).join('; ');
  return `${err.name}${code ? ` ${code}` : ''}${message ? `: ${message}` : ''}`.replace(/\s+/g, ' ');
}

/** The fatal line, pino-shaped like the service's other log lines; no credentials, ID numbers or API keys. */
export function startupFailureLine(service: string, err: unknown, time: number): string {
  const reason = loggableText(withoutCredentials(describeStartupError(err)), 'error') ?? '';
  return JSON.stringify({ level: 60, time, service, msg: `start-up failed, exiting with status ${STARTUP_FAILURE_EXIT_CODE}: ${reason}` });
}

/**
 * Runs a service's start-up. If it fails (PostgreSQL or Kafka unreachable, a migration that does not apply),
 * the service writes one fatal line and exits deliberately instead of dying of an unhandled rejection; it does
 * not retry by itself, the orchestrator's restart back-off does (docs/operations.md).
 */
export async function startOrExit<T>(service: string, bootstrap: () => Promise<T>, io: StartupIo = PROCESS_IO): Promise<T | undefined> {
  try {
    return await bootstrap();
  } catch (err) {
    io.writeLine(startupFailureLine(service, err, io.now()));
    io.exit(STARTUP_FAILURE_EXIT_CODE);
    return undefined;
  }
}
