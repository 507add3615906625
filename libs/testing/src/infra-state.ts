/**
 * What global-setup started, kept on globalThis: jest runs globalSetup and globalTeardown in the same
 * process, and globalThis is the documented way to hand state from one to the other.
 */
export interface StartedInfra {
  source: 'environment' | 'testcontainers' | 'local';
  /** Only set when this run started the local broker (a broker that was already running is left alone). */
  localKafkaPort?: number;
  /** Stops testcontainers started by this run. */
  stopContainers?: () => Promise<void>;
}

const KEY = '__WDP_TEST_INFRA__';

export function rememberInfra(infra: StartedInfra): void {
  (globalThis as Record<string, unknown>)[KEY] = infra;
}

export function recallInfra(): StartedInfra | undefined {
  return (globalThis as Record<string, unknown>)[KEY] as StartedInfra | undefined;
}
