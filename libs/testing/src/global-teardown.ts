import { recallInfra } from './infra-state';
import { localKafka } from './kafka-local';

/** Stops only what global-setup started: a broker that was already running, or env-provided infra, stays. */
export default async function globalTeardown(): Promise<void> {
  const infra = recallInfra();
  if (!infra) return;
  if (infra.localKafkaPort) {
    const kafka = localKafka();
    await kafka.stop(kafka.instance(infra.localKafkaPort), { log: (m) => process.stderr.write(`[integration] ${m}\n`) });
  }
  if (infra.stopContainers) await infra.stopContainers();
}
