import path from 'node:path';
import { kafkaLocal, type KafkaInstance } from '@wdp/testing/system';

// The one broker of a whole `npm run bench` and the figures benches pass on: bench-only, beside the benches.

let sessionBroker: Promise<string> | undefined;
let sessionInstance: KafkaInstance | undefined;

/**
 * The broker every bench of one `npm run bench` shares: BENCH_KAFKA_BROKERS if given, else a wiped local
 * broker on BENCH_KAFKA_PORT (19292), started once and stopped by `stopBenchBroker()` at the end.
 */
export function benchBroker(): Promise<string> {
  sessionBroker ??= (async () => {
    if (process.env.BENCH_KAFKA_BROKERS) return process.env.BENCH_KAFKA_BROKERS;
    sessionInstance = kafkaLocal.instance(Number(process.env.BENCH_KAFKA_PORT ?? 19292));
    await kafkaLocal.stop(sessionInstance, { log: () => undefined });
    kafkaLocal.wipe(sessionInstance);
    await kafkaLocal.start(sessionInstance, { log: (m) => process.stderr.write(`${m}\n`) });
    return sessionInstance.brokers;
  })();
  return sessionBroker;
}

/** Pid of the broker `benchBroker()` started, if it started one. */
export function benchBrokerPid(): number | null {
  return sessionInstance ? kafkaLocal.readPid(sessionInstance) : null;
}

/** The log.dirs of the broker `benchBroker()` started (its topics' bytes are read there), if it started one. */
export function benchBrokerDataDir(): string | undefined {
  return sessionInstance ? path.join(sessionInstance.dir, 'data') : undefined;
}

export async function stopBenchBroker(): Promise<void> {
  if (!sessionInstance) return;
  await kafkaLocal.stop(sessionInstance, { log: () => undefined });
  kafkaLocal.wipe(sessionInstance);
  sessionInstance = undefined;
  sessionBroker = undefined;
}

/** Figures one bench leaves for a later one (the raw-limits bench reports the pipeline as a ratio). */
export const sessionFigures: Record<string, number> = {};
