import fs from 'node:fs';
import path from 'node:path';
import { ROOT, Stack } from '../bench/lib/stack';
import { recordPools } from '../bench/lib/workload';
import { PgCluster } from './pg-cluster';
import { CLIENT_TIMEOUT_MS, type FaultResult, runScenario, SCENARIOS } from './scenarios';

// `npm run test:faults [name]`: the fault scenarios against real processes — a throwaway PostgreSQL cluster,
// a Kafka broker of its own (port 19192), the monitoring, health and family services as processes — one after
// the other on the same stack. Prints a table, writes docs/faults.md and, last, one JSON line; exits 1 if any
// accepted record was lost or counted twice, or an answer was a 500 or a hang.

const SERVICES = ['monitoring-service', 'health-service', 'family-service'];

function table(results: FaultResult[]): string {
  const head = ['scenario', 'sent', 'accepted', 'counted', 'duplicates', 'lost', 're-sent, deduplicated', 'answers', 'bad answers', 'longest request ms', 'settled in s', 'ok'];
  const line = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
  return [
    line(head),
    line(head.map(() => '---')),
    ...results.map((r) =>
      line([r.scenario, r.sent, r.accepted, r.counted, r.duplicates, r.lost, r.resent, Object.entries(r.statuses).map(([k, v]) => `${k}×${v}`).join(' '), r.badAnswers, r.maxRequestMs, r.settleSeconds, r.ok ? 'yes' : '**NO**']),
    ),
  ].join('\n');
}

async function main() {
  const only = process.argv[2];
  const log = (m: string) => process.stderr.write(`${m}\n`);
  const cluster = new PgCluster(Number(process.env.FAULT_PG_PORT ?? 55432));
  // Never leave a paused database behind, whatever happens to this process.
  process.on('exit', () => cluster.resume());
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => {
    cluster.resume();
    process.exit(130);
  });
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
    const ctx = { stack, cluster, pools, countedKeys: new Set(pools.map((p) => `${p.department}/${p.kind}`)), log };
    for (const [i, s] of SCENARIOS.entries()) {
      if (only && !s.name.includes(only)) continue;
      const r = await runScenario(ctx, s, `${runTag}s${i}`);
      results.push(r);
      log(`[faults] ${s.name}: accepted ${r.accepted}, counted ${r.counted}, duplicates ${r.duplicates}, lost ${r.lost}, bad answers ${r.badAnswers} → ${r.ok ? 'ok' : 'FAILED'}`);
    }
  } finally {
    await stack.stop().catch((e) => log(`[faults] stack stop: ${e}`));
    cluster.destroy();
  }
  const md = table(results);
  console.log(`\n${md}\n`);
  if (!only) {
    const doc = fs.readFileSync(path.join(ROOT, 'docs', 'faults.md'), 'utf8');
    const marker = '<!-- results -->';
    const head = doc.includes(marker) ? doc.slice(0, doc.indexOf(marker) + marker.length) : `${doc.trimEnd()}\n\n${marker}`;
    fs.writeFileSync(path.join(ROOT, 'docs', 'faults.md'), `${head}\n\nLast run: ${new Date().toISOString()}, client timeout ${CLIENT_TIMEOUT_MS} ms.\n\n${md}\n`);
  }
  console.log(JSON.stringify({ faults: results }));
  if (results.some((r) => !r.ok)) process.exitCode = 1;
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
