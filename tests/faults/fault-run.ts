import { recordPools, Stack } from '@wdp/testing/system';
import { ApprovalLedger, approvalKeys, FAULT_APPROVAL_REQUIRED } from './approval-traffic';
import { PgCluster } from './pg-cluster';
import { type FaultResult, runScenario, SCENARIOS } from './scenarios';

// The fault scenarios, one after the other on one stack of real processes: a throwaway PostgreSQL cluster,
// a Kafka broker of its own (port 19192), and the monitoring, health and family services as processes, with one
// record kind of health and of family and one return kind of the statistics bureau under manual approval.

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
  const kafkaPort = Number(process.env.FAULT_KAFKA_PORT ?? 19192);
  log(`[faults] starting a throwaway PostgreSQL cluster, a broker on ${kafkaPort} and three services...`);
  cluster.start();
  const stack = new Stack({
    run: runTag,
    services: SERVICES,
    basePort: Number(process.env.FAULT_BASE_PORT ?? 4900),
    kafkaPort,
    databaseUrl: cluster.url,
    env: { APPROVAL_REQUIRED: FAULT_APPROVAL_REQUIRED },
    serviceEnv: { 'monitoring-service': { SUBMISSION_CHECK_INTERVAL_MS: '0' } },
    log,
  });
  const results: FaultResult[] = [];
  try {
    await stack.start();
    const approval = { keys: await approvalKeys(stack), ledger: new ApprovalLedger() };
    const ctx = { stack, cluster, pools, records: options.records ?? Number(process.env.FAULT_RECORDS ?? 20_000), countedKeys: new Set(pools.map((p) => `${p.department}/${p.kind}`)), approval, log };
    for (const [i, s] of SCENARIOS.entries()) {
      if (options.only && !s.name.includes(options.only)) continue;
      const r = await runScenario(ctx, s, `${runTag}s${i}`, i);
      results.push(r);
      const a = r.approval;
      log(`[faults] ${s.name}: accepted ${r.accepted}, counted ${r.counted}, duplicates ${r.duplicates}, lost ${r.lost}, bad answers ${r.badAnswers}; ` +
        `approval: ${a.rounds} cell rounds (${a.roundsDuringFault} during the fault), ${a.actions} actions, cells ${a.approvedCells} approved / ${a.heldCells} held, official ${a.officialCounted} of ${a.officialExpected} ` +
        `(duplicates ${a.officialDuplicates}, lost ${a.officialLost}), state mismatches ${a.stateMismatches}, bad answers ${a.badAnswers} → ${r.ok ? 'ok' : 'FAILED'}`);
    }
  } finally {
    await stack.stop().catch((e) => log(`[faults] stack stop: ${e}`));
    cluster.destroy();
    process.off('exit', resume);
  }
  return results;
}
