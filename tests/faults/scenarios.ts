import { departmentTopic, EVENT_GENERATIONS } from '@wdp/contracts';
import { createKafka } from '@wdp/messaging';
import { batches, countedTotal, kafkaLocal, type KindPool, newTally, sendAll, sleep, type Stack, type Tally } from '@wdp/testing/system';
import { approvalsOk, checkApprovals, type ApprovalCheck } from './approval-check';
import { type ApprovalKeys, type ApprovalLedger, ApprovalTraffic, cellFigures, observedCells, recordUnits } from './approval-traffic';
import type { PgCluster } from './pg-cluster';

// One fault scenario: records are sent to the departmental APIs while the fault is injected and healed, and beside
// them approval traffic takes cells through approve, unlock, correct and re-approve (approval-traffic.ts); then the
// gender-statistics database must hold every record that got a 2xx exactly once, count officially exactly the
// cells last approved, hold every cell in the state its service last acknowledged, and every answer during the
// outage must have been a 2xx or a 503/429 with Retry-After, within the client's bounded timeout.

export interface FaultContext {
  stack: Stack;
  /** Records sent per scenario. */
  records: number;
  cluster: PgCluster;
  pools: KindPool[];
  countedKeys: Set<string>;
  /** The approvers' keys, and the account of every cell under approval across the run's scenarios. */
  approval: { keys: ApprovalKeys; ledger: ApprovalLedger };
  log(m: string): void;
}

export interface Scenario {
  name: string;
  /** The services whose API the fault takes down: connection errors to them are expected, to any other a bad answer. */
  down: string[];
  inject(ctx: FaultContext, tally: Tally): Promise<void>;
}

export interface FaultResult {
  scenario: string;
  sent: number;
  accepted: number;
  /** Record units the scenario's approval cells hold at the end (after every correction): counted besides `accepted`. */
  approvalUnits: number;
  counted: number;
  duplicates: number;
  lost: number;
  /** Events on the departmental topics beyond the events created: re-sent by a relay, deduplicated by monitoring. */
  resent: number;
  statuses: Record<string, number>;
  badAnswers: number;
  maxRequestMs: number;
  settleSeconds: number;
  approval: ApprovalResult;
  ok: boolean;
}

/** The approval traffic of a scenario, and the check of every cell under approval so far (approval-check.ts). */
export interface ApprovalResult extends Omit<ApprovalCheck, 'problems'> {
  /** Rounds of unlock → correct → submit → approve, summed over the cells, and those begun before the fault was healed. */
  rounds: number;
  roundsDuringFault: number;
  /** Approval actions and data writes answered 2xx. */
  actions: number;
  writes: number;
  statuses: Record<string, number>;
  badAnswers: number;
  /** The first findings, and a request the driver gave up on or a refusal it did not expect. */
  problems: string[];
}

const BATCH = Number(process.env.FAULT_BATCH ?? 500);
/** The bound on any single request: a hang past it is a failure. */
export const CLIENT_TIMEOUT_MS = Number(process.env.FAULT_CLIENT_TIMEOUT_MS ?? 15_000);
const SETTLE_TIMEOUT_MS = Number(process.env.FAULT_SETTLE_TIMEOUT_MS ?? 180_000);

async function until(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function topicMessages(brokers: string, topics: string[]): Promise<number> {
  const admin = createKafka({ brokers, clientId: 'faults-offsets' }).admin();
  await admin.connect();
  try {
    let n = 0;
    for (const t of topics) for (const p of await admin.topicOffsets(t)) n += Number(p.high) - Number(p.low);
    return n;
  } finally {
    await admin.disconnect();
  }
}

async function outboxEvents(stack: Stack, services: string[]): Promise<number> {
  let n = 0;
  for (const s of services) {
    const c = await stack.sql(s);
    try {
      n += Number((await c.query(`SELECT count(*) AS n FROM outbox`)).rows[0].n);
    } finally {
      await c.end();
    }
  }
  return n;
}

/** `index` is the scenario's place in SCENARIOS: it picks the years of its approval cells, so no two scenarios share one. */
export async function runScenario(ctx: FaultContext, scenario: Scenario, runTag: string, index: number): Promise<FaultResult> {
  const { stack } = ctx;
  const monitoring = await stack.sql('monitoring-service');
  const services = [...new Set(ctx.pools.map((p) => p.service))];
  // Both generations: a service publishes to one of them (EVENT_GENERATION), and `resent` compares what the
  // outboxes hold with what the topics hold, event for event.
  const topics = [...new Set(ctx.pools.flatMap((p) => EVENT_GENERATIONS.map((g) => departmentTopic(p.department, g))))];
  try {
    const before = await countedTotal(monitoring, ctx.countedKeys);
    const resentBefore = (await topicMessages(stack.brokers, topics)) - (await outboxEvents(stack, services));
    const keys = new Map(ctx.pools.map((p) => [p.service, stack.key(p.service, p.department)]));
    const tally = newTally();
    const { ledger } = ctx.approval;
    const traffic = new ApprovalTraffic({ stack, keys: ctx.approval.keys, pools: ctx.pools, ledger, scenario: index, runTag, timeoutMs: CLIENT_TIMEOUT_MS, log: ctx.log });
    ctx.log(`[faults] ${scenario.name}: sending ${ctx.records} records, and approval traffic on ${traffic.cells.length} cells...`);
    const load = sendAll(
      batches(ctx.pools, ctx.records, BATCH, runTag),
      (b) => ({ baseUrl: stack.service(b.service).baseUrl, apiKey: keys.get(b.service)! }),
      4,
      tally,
      { timeoutMs: CLIENT_TIMEOUT_MS, giveUpAfterMs: 240_000, onAccepted: (b) => ledger.onLoadAccepted(b) },
    );
    // Rounds of approve → unlock → correct → re-approve go on until the fault is healed, then one more.
    let healed = false;
    let trafficError: string | undefined;
    const approvals = traffic.run(() => healed).catch((e: Error) => {
      trafficError = e.message;
      ctx.log(`[faults]   approval traffic stopped: ${e.message}`);
    });
    await until('a quarter of the load accepted', () => tally.acceptedRecords >= ctx.records / 4);
    // The fault is to meet unlocks, corrections and re-approvals, so every cell is approved once before it.
    await Promise.race([traffic.ready.catch(() => undefined), approvals]);
    try {
      await scenario.inject(ctx, tally);
    } finally {
      healed = true;
    }
    await load;
    await approvals;
    // The driver's records count in the same sums as the load's: what its cells hold now, after every correction.
    const expectedUnits = tally.acceptedUnits + recordUnits(traffic.cells);
    ctx.log(`[faults] ${scenario.name}: ${tally.acceptedRecords} accepted, ${traffic.rounds} approval rounds; waiting for monitoring...`);
    const approvalCheck = async () => checkApprovals(ledger.expected(), await observedCells(stack, ctx.approval.keys), await cellFigures(monitoring));
    const started = Date.now();
    let counted = 0;
    while (Date.now() - started < SETTLE_TIMEOUT_MS) {
      counted = (await countedTotal(monitoring, ctx.countedKeys)) - before;
      if (counted >= expectedUnits && approvalsOk(await approvalCheck())) break;
      await sleep(500);
    }
    const settleSeconds = (Date.now() - started) / 1000;
    await sleep(3000); // a duplicate applied late would show now
    counted = (await countedTotal(monitoring, ctx.countedKeys)) - before;
    const check = await approvalCheck();
    for (const p of check.problems.slice(0, 20)) ctx.log(`[faults]   approval: ${p}`);
    const events = await outboxEvents(stack, services);
    const onTopics = await topicMessages(stack.brokers, topics);
    const badAnswers =
      Object.entries(tally.statuses)
        .filter(([s]) => s === 'timeout' || (/^5/.test(s) && s !== '503') || (s === 'network' && !ctx.pools.some((p) => scenario.down.includes(p.service))))
        .reduce((n, [, v]) => n + v, 0) + tally.missingRetryAfter;
    const duplicates = Math.max(0, counted - expectedUnits);
    const lost = Math.max(0, expectedUnits - counted);
    const answers = traffic.answers;
    const approval: ApprovalResult = {
      ...check,
      rounds: traffic.rounds,
      roundsDuringFault: traffic.duringFault,
      actions: answers.actions,
      writes: answers.writes,
      statuses: answers.statuses,
      badAnswers: answers.bad + answers.abandoned + Object.entries(answers.network).filter(([s]) => !scenario.down.includes(s)).reduce((n, [, v]) => n + v, 0),
      problems: [...(trafficError ? [trafficError] : []), ...check.problems.slice(0, 20)],
    };
    return {
      scenario: scenario.name,
      sent: tally.sentUnits,
      accepted: tally.acceptedUnits,
      approvalUnits: expectedUnits - tally.acceptedUnits,
      counted,
      duplicates,
      lost,
      resent: onTopics - events - resentBefore,
      statuses: tally.statuses,
      badAnswers,
      maxRequestMs: tally.maxRequestMs,
      settleSeconds: Math.round(settleSeconds),
      approval,
      ok: duplicates === 0 && lost === 0 && badAnswers === 0 && tally.abandoned === 0 && approvalsOk(check) && approval.badAnswers === 0 && !trafficError,
    };
  } finally {
    await monitoring.end();
  }
}

const PG_STOP_MS = Number(process.env.FAULT_PG_STOP_MS ?? 8000);

/** Waits until health-service's relay is publishing a backlog (rows pending and rows being marked), then kill -9 and restart. */
async function killRelay(ctx: FaultContext): Promise<void> {
  const c = await ctx.stack.sql('health-service');
  let busy = true;
  try {
    const state = async () => (await c.query(`SELECT count(*) FILTER (WHERE published_at IS NULL) AS pending, count(published_at) AS sent FROM outbox`)).rows[0];
    const s0 = await state();
    await until('the relay publishing a backlog', async () => {
      const s = await state();
      return Number(s.pending) > 0 && Number(s.sent) > Number(s0.sent);
    }, 30_000).catch(() => (busy = false));
  } finally {
    await c.end();
  }
  if (!busy) return ctx.log('[faults]   the relay is idle now; no further kill');
  ctx.log(`[faults]   SIGKILL health-service pid ${ctx.stack.service('health-service').child.pid}`);
  await ctx.stack.kill('health-service', 'SIGKILL');
  await sleep(1000);
  await ctx.stack.restart('health-service');
  ctx.log('[faults]   health-service restarted');
}

export const SCENARIOS: Scenario[] = [
  {
    name: 'kill -9 the Kafka broker mid-ingestion, restart it after 5 s',
    down: [],
    async inject(ctx) {
      const inst = ctx.stack.kafka!;
      ctx.log(`[faults]   SIGKILL broker pid ${kafkaLocal.readPid(inst)}`);
      await kafkaLocal.stop(inst, { signal: 'SIGKILL', log: () => undefined });
      await sleep(5000);
      await kafkaLocal.start(inst, { log: () => undefined });
      ctx.log('[faults]   broker restarted');
    },
  },
  {
    name: 'kill -9 the monitoring service mid-batch, restart it',
    down: ['monitoring-service'],
    async inject(ctx) {
      const c = await ctx.stack.sql('monitoring-service');
      try {
        // Mid-batch: the consumer is applying events (the inbox grows between two looks).
        const inbox = async () => Number((await c.query(`SELECT count(*) AS n FROM inbox`)).rows[0].n);
        const first = await inbox();
        await until('monitoring consuming', async () => (await inbox()) > first, 60_000);
      } finally {
        await c.end();
      }
      ctx.log(`[faults]   SIGKILL monitoring-service pid ${ctx.stack.service('monitoring-service').child.pid}`);
      await ctx.stack.kill('monitoring-service', 'SIGKILL');
      await sleep(1000);
      await ctx.stack.restart('monitoring-service');
      ctx.log('[faults]   monitoring-service restarted');
    },
  },
  {
    name: 'kill -9 a relay (health-service) while it publishes, restart it (3 times)',
    down: ['health-service'],
    async inject(ctx) {
      // Three kills at moments the relay is busy, so at least one is likely to land between the broker's ack
      // and the mark (the re-sent column shows whether it did).
      for (let i = 0; i < 3; i++) await killRelay(ctx);
    },
  },
  {
    name: `SIGSTOP PostgreSQL for ${PG_STOP_MS / 1000} s, then SIGCONT`,
    down: [],
    async inject(ctx) {
      ctx.log(`[faults]   SIGSTOP PostgreSQL (throwaway cluster, ${ctx.cluster.pids().length} processes)`);
      ctx.cluster.pause();
      try {
        await sleep(PG_STOP_MS);
      } finally {
        ctx.cluster.resume();
      }
      ctx.log('[faults]   SIGCONT PostgreSQL');
    },
  },
];
