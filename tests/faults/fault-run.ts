import { recordPools, Stack } from '@wdp/testing/system';
import { PgCluster } from './pg-cluster';
import { type FaultResult, runScenario, SCENARIOS } from './scenarios';

// The fault scenarios, one after the other on one stack of real processes: a throwaway PostgreSQL cluster,
// a Kafka broker of its own (port 19192), and the monitoring, health and family services as processes.

const SERVICES = ['monitoring-service', 'health-service', 'family-service'];

export interface FaultRunOptions {
  /** Records sent per scenario (default FAULT_RECORDS or 20,000). */
  records?: number;
  /** Only scenarios whose name contains this. */
  only?: string;
  log?: (m: string) => void;
}

export async function runFaults(options: FaultRunOptions = {}): Promise<FaultResult[]> {
  const log = options.log ?? ((m: string) => process.stderr.write(`${m}\n`));
  const cluster = new PgCluster(Number(process.env.FAULT_PG_PORT ?? 55432));
  // Never leave a paused database behind, whatever happens to this process.
  const resume = () => cluster.resume();
  process.on('exit', resume);
  const runTag = `f${Date.now().toString(36)}`;
  const pools = recordPools().filter((p) => ['health', 'family'].includes(p.department));
  log('[faults] starting a throwaway PostgreSQL cluster, a broker on 19192 and three services...');
  cluster.start();
  const stack = new Stack({
    run: runTag,
    services: SERVICES,
    basePort: Number(process.env.FAULT_BASE_PORT ?? 4900),
    kafkaPort: Number(process.env.FAULT_KAFKA_PORT ?? 19192),
    databaseUrl: cluster.url,
    serviceEnv: { 'monitoring-service': { SUBMISSION_CHECK_INTERVAL_MS: '0' } },
    log,
  });
  const results: FaultResult[] = [];
  try {
    await stack.start();
    const ctx = { stack, cluster, pools, records: options.records ?? Number(process.env.FAULT_RECORDS ?? 20_000), countedKeys: new Set(pools.map((p) => `${p.department}/${p.kind}`)), log };
    for (const [i, s] of SCENARIOS.entries()) {
      if (options.only && !s.name.includes(options.only)) continue;
      const r = await runScenario(ctx, s, `${runTag}s${i}`);
      results.push(r);
      log(`[faults] ${s.name}: accepted ${r.accepted}, counted ${r.counted}, duplicates ${r.duplicates}, lost ${r.lost}, bad answers ${r.badAnswers} → ${r.ok ? 'ok' : 'FAILED'}`);
    }
  } finally {
    await stack.stop().catch((e) => log(`[faults] stack stop: ${e}`));
    cluster.destroy();
    process.off('exit', resume);
  }
  return results;
}
