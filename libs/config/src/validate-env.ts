import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';

export class ConfigValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Property names whose values must never be echoed back in an error message (an OTLP endpoint may carry a token). */
const SENSITIVE = /(SECRET|PASSWORD|TOKEN|KEY|DATABASE_URL|OTLP)/i;

function describe(errors: ValidationError[], env: Record<string, unknown>): string[] {
  return errors.flatMap((e) => {
    const reasons = Object.values(e.constraints ?? {}).join('; ');
    const shown = SENSITIVE.test(e.property) ? '(hidden)' : JSON.stringify(env[e.property]);
    return [`${e.property}: ${reasons} (got ${env[e.property] === undefined ? 'nothing' : shown})`];
  });
}

/**
 * Validates `env` against a config class (class-validator decorators, defaults as property initialisers)
 * and returns the typed instance. Throws ConfigValidationError naming every bad variable.
 */
export function validateEnv<T extends object>(cls: new () => T, env: Record<string, string | undefined> = process.env): T {
  const defaults = new cls() as Record<string, unknown>;
  const present = Object.fromEntries(
    Object.keys(defaults).filter((k) => env[k] !== undefined && env[k] !== '').map((k) => [k, env[k]]),
  );
  const instance = plainToInstance(cls, { ...defaults, ...present }, { enableImplicitConversion: true });
  const errors = validateSync(instance, { whitelist: false, forbidUnknownValues: true });
  if (errors.length > 0) throw new ConfigValidationError(describe(errors, env));
  return instance;
}

/** For main.ts: print the problems without a stack trace and exit non-zero. */
export function validateEnvOrExit<T extends object>(cls: new () => T, env = process.env): T {
  try {
    return validateEnv(cls, env);
  } catch (err) {
    if (err instanceof ConfigValidationError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
}
