import { randomUUID } from 'node:crypto';
import type { DemoRecord } from '@wdp/demo-data';
import { type Batch, DISTRICT, type KindPool, sleep, type Stack, weightOf } from '@wdp/testing/system';
import type { Client } from 'pg';
import { type CellFigures, cellKey, type CellKey, type CellState, type ExpectedCell, type ObservedCell } from './approval-check';

// Approval traffic beside the record load of a fault scenario (docs/faults.md, "Approval under faults"): while the
// fault is injected and healed, an approver and a writer at health, family and the statistics bureau (at the
// monitoring service) take cells of datasets under APPROVAL_REQUIRED through submit → approve → unlock with a reason
// → correct (revise, withdraw, add) → submit → approve, round after round. The client keeps its own account of
// every cell: its data, and the last state a service acknowledged with a 2xx. The load's own records of those
// kinds make draft cells too; they are accounted from the accepted batches.

/** The datasets the fault stack runs under manual approval (APPROVAL_REQUIRED of every service). */
export const APPROVAL_DATASETS = { health: 'induced-abortion', family: 'childcare-places', statistics: 'people-congress-deputies' } as const;
export const FAULT_APPROVAL_REQUIRED = Object.entries(APPROVAL_DATASETS)
  .map(([d, k]) => `${d}/${d === 'statistics' ? 'returns' : 'records'}/${k}`)
  .join(',');

const RETURN_KIND = APPROVAL_DATASETS.statistics;
/** The towns the bureau's return cells are in: one ends approved, the other held. */
const TOWNS = ['520103001', '520103100'] as const;
const FIRST_RECORDS = 8;
/** Years the driver's cells use: two a scenario, from 2010 (the earliest period the services take) and before the load's cells of these kinds (2020–2025). */
const yearsOf = (scenario: number) => [2010 + 2 * scenario, 2011 + 2 * scenario];

export interface AnswerTally {
  requests: number;
  /** Successful approval actions (submit, approve, unlock). */
  actions: number;
  /** Successful data writes (create, revise, withdraw). */
  writes: number;
  statuses: Record<string, number>;
  /** Answers that are faults whatever the scenario: 5xx other than 503, timeouts, 503/429 without Retry-After. */
  bad: number;
  /** Connection errors, by service: bad unless the scenario took that service down. */
  network: Record<string, number>;
  maxRequestMs: number;
  abandoned: number;
}

const newAnswers = (): AnswerTally => ({ requests: 0, actions: 0, writes: 0, statuses: {}, bad: 0, network: {}, maxRequestMs: 0, abandoned: 0 });

interface Stored {
  id: string;
  body: Record<string, unknown>;
  units: number;
  revision: number;
  live: boolean;
}

interface DriverCell extends CellKey {
  service: string;
  /** Whether the last round approves it (otherwise it ends submitted after its correction: held). */
  endsApproved: boolean;
  template: DemoRecord[];
  stored: Stored[];
  state: CellState;
  version?: number;
  fingerprint?: { items: number; revisionSum: number } | null;
  made: number;
}

export interface ApprovalKeys {
  write: Record<string, string>;
  approve: Record<string, string>;
  /** A read:monitoring key: reads GET /v1/approvals. */
  monitoring: string;
}

const SERVICE_OF: Record<string, string> = { health: 'health-service', family: 'family-service', statistics: 'monitoring-service' };

/** Issues an approver key per department (and the bureau's writer key at monitoring) with each service's admin key. */
export async function approvalKeys(stack: Stack): Promise<ApprovalKeys> {
  const issue = async (service: string, department: string, scopes: string[]) => {
    const res = await fetch(`${stack.service(service).baseUrl}/v1/admin/api-keys`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': stack.key(service, 'admin') },
      body: JSON.stringify({ department, scopes, label: `faults ${scopes[0]}` }),
    });
    if (res.status !== 201) throw new Error(`${service}: issuing ${scopes}: ${res.status} ${await res.text()}`);
    return ((await res.json()) as { key: string }).key;
  };
  const keys: ApprovalKeys = { write: {}, approve: {}, monitoring: await issue('monitoring-service', 'monitoring', ['read:monitoring']) };
  for (const department of Object.keys(APPROVAL_DATASETS)) {
    const service = SERVICE_OF[department];
    keys.write[department] = department === 'statistics'
      ? await issue(service, department, ['write:statistics', 'read:statistics'])
      : stack.key(service, department);
    keys.approve[department] = await issue(service, department, [`approve:${department}`, `read:${department}`]);
  }
  return keys;
}

/** The account of a whole fault run: the cells of every scenario so far, and the load's draft cells. */
export class ApprovalLedger {
  readonly cells: DriverCell[] = [];
  /** Load cells (kind × year in the district) of the kinds under approval: records accepted, units. */
  readonly loadCells = new Map<string, { cell: CellKey; items: number; units: number }>();

  /** Counts an accepted load batch in its cells, if its kind is under approval. */
  onLoadAccepted(b: Batch): void {
    if (APPROVAL_DATASETS[b.department as keyof typeof APPROVAL_DATASETS] !== b.kind) return;
    for (const r of b.items) {
      const cell: CellKey = { department: b.department, datasetType: 'record', kind: b.kind, period: r.period.slice(0, 4), area: DISTRICT };
      const k = cellKey(cell);
      const found = this.loadCells.get(k) ?? { cell, items: 0, units: 0 };
      found.items += 1;
      found.units += weightOf(r);
      this.loadCells.set(k, found);
    }
  }

  /** What every cell must be at monitoring now. */
  expected(): ExpectedCell[] {
    const load = [...this.loadCells.values()].map(({ cell, items, units }): ExpectedCell => ({ ...cell, state: 'draft', items, revisionSum: items, units }));
    const driven = this.cells.map((c): ExpectedCell => {
      const live = c.stored.filter((s) => s.live);
      return {
        department: c.department, datasetType: c.datasetType, kind: c.kind, period: c.period, area: c.area,
        state: c.state, version: c.version, fingerprint: c.fingerprint,
        items: live.length, revisionSum: live.reduce((n, s) => n + s.revision, 0), units: live.reduce((n, s) => n + s.units, 0),
      };
    });
    return [...load, ...driven];
  }
}

/** Record units the driver's cells of one scenario hold now (they add to the scenario's counted records). */
export const recordUnits = (cells: readonly DriverCell[]) =>
  cells.filter((c) => c.datasetType === 'record').reduce((n, c) => n + c.stored.filter((s) => s.live).reduce((m, s) => m + s.units, 0), 0);

export interface TrafficOptions {
  stack: Stack;
  keys: ApprovalKeys;
  pools: KindPool[];
  ledger: ApprovalLedger;
  scenario: number;
  runTag: string;
  timeoutMs: number;
  log(m: string): void;
}

export class ApprovalTraffic {
  readonly answers = newAnswers();
  readonly cells: DriverCell[] = [];
  /** Rounds (unlock → correct → submit → approve) summed over the cells, and those begun before the fault was healed. */
  rounds = 0;
  duringFault = 0;
  private readonly firsts = new Map<DriverCell, Promise<void>>();

  constructor(private readonly o: TrafficOptions) {
    const [yA, yB] = yearsOf(o.scenario);
    for (const department of ['health', 'family'] as const) {
      const kind = APPROVAL_DATASETS[department];
      const pool = o.pools.find((p) => p.department === department && p.kind === kind);
      if (!pool) throw new Error(`no demo records of ${department}/${kind}`);
      for (const [year, endsApproved] of [[yA, true], [yB, false]] as const) {
        this.cells.push(this.cell(department, 'record', kind, String(year), DISTRICT, endsApproved, pool.records));
      }
    }
    TOWNS.forEach((town, i) => this.cells.push(this.cell('statistics', 'return', RETURN_KIND, String(yA), town, i === 0, [])));
    o.ledger.cells.push(...this.cells);
  }

  private cell(department: string, datasetType: 'record' | 'return', kind: string, period: string, area: string, endsApproved: boolean, template: DemoRecord[]): DriverCell {
    return { department, datasetType, kind, period, area, service: SERVICE_OF[department], endsApproved, template, stored: [], state: 'draft', made: 0 };
  }

  /**
   * Each cell on its own (a cell whose service is down waits without holding the others up): its first records,
   * submitted and approved; then rounds half a second apart until `healed()` says the fault is over, so they meet
   * the fault wherever it lands; then two rounds that each first wait until monitoring counts the cell's approval,
   * so that monitoring surely applies an approval, its unlock, the correction and the re-approval in turn. The held
   * cells end submitted after their last correction. Call `ready` before injecting the fault.
   */
  async run(healed: () => boolean): Promise<void> {
    await Promise.all(this.cells.map(async (c) => {
      await this.readyOne(c);
      while (!healed()) {
        await this.round(c, false);
        this.duringFault++;
        await sleep(500);
      }
      for (const last of [false, true]) {
        await this.seenApproved(c);
        await this.round(c, last && !c.endsApproved);
      }
    }));
  }

  /** Resolves once every cell is approved for the first time (the fault then meets unlocks, corrections and re-approvals). */
  get ready(): Promise<void> {
    return Promise.all(this.cells.map((c) => this.readyOne(c))).then(() => undefined);
  }

  private readyOne(c: DriverCell): Promise<void> {
    let p = this.firsts.get(c);
    if (!p) this.firsts.set(c, (p = this.first(c)));
    return p;
  }

  /** Waits (at most a minute: the end check decides, not this) until monitoring holds the cell approved at the version acknowledged. */
  private async seenApproved(c: DriverCell): Promise<void> {
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      const o = (await observedCells(this.o.stack, this.o.keys, c).catch(() => undefined))?.get(cellKey(c));
      if (o?.state === 'approved' && o.version === c.version) return;
      await sleep(250);
    }
    this.o.log(`[faults]   approval: monitoring did not show ${cellKey(c)} approved within 60 s`);
  }

  private async first(c: DriverCell): Promise<void> {
    await this.add(c, c.datasetType === 'return' ? 1 : FIRST_RECORDS);
    await this.act(c, 'submit');
    await this.act(c, 'approve');
  }

  /** approved → unlock (a reason) → revise one item, withdraw one, add one → submit → approve (unless `hold`). */
  private async round(c: DriverCell, hold: boolean): Promise<void> {
    this.rounds++;
    await this.act(c, 'unlock', { reason: `fault run correction, round ${this.rounds}` });
    const live = c.stored.filter((s) => s.live);
    await this.revise(c, live[0]);
    if (c.datasetType === 'record') {
      await this.withdraw(c, live[1]);
      await this.add(c);
    }
    await this.act(c, 'submit');
    if (!hold) await this.act(c, 'approve');
  }

  private itemOf(c: DriverCell): Record<string, unknown> {
    const n = c.made++;
    if (c.datasetType === 'return') return { area: c.area, period: c.period, figures: figures(100) };
    const t = c.template[n % c.template.length];
    return { ...t, reference: `AP-${this.o.runTag}-${c.period}-${n}`, period: `${c.period}${t.period.slice(4)}` };
  }

  /** Adds `n` records in one batch (a return cell: its one return). */
  private async add(c: DriverCell, n = 1): Promise<void> {
    const bodies = Array.from({ length: n }, () => this.itemOf(c));
    const url = `/v1/${c.datasetType}s/${c.kind}`;
    const res = await this.send(c, 'POST', url, 'write', c.datasetType === 'record' ? { items: bodies } : bodies[0]);
    const items = (c.datasetType === 'record' ? res.items : [res]) as { id: string; revision?: number }[];
    if (items.length !== n) throw new Error(`${cellKey(c)}: ${n} sent, ${items.length} answered`);
    bodies.forEach((body, i) => c.stored.push({ id: items[i].id, body, units: unitsOf(c, body), revision: items[i].revision ?? 1, live: true }));
    this.wrote(c);
  }

  private async revise(c: DriverCell, s: Stored): Promise<void> {
    const body = changed(c, s.body);
    const res = await this.send(c, 'PUT', `/v1/${c.datasetType}s/${c.kind}/${s.id}`, 'write', body);
    s.body = body;
    s.units = unitsOf(c, body);
    s.revision = Number(res.revision);
    this.wrote(c);
  }

  private async withdraw(c: DriverCell, s: Stored): Promise<void> {
    const res = await this.send(c, 'DELETE', `/v1/${c.datasetType}s/${c.kind}/${s.id}?reason=${encodeURIComponent('fault run correction')}`, 'write');
    s.live = false;
    s.revision = Number(res.revision);
    this.wrote(c);
  }

  /** A 2xx write to a cell under approval makes it a draft again; the answer gives no version. */
  private wrote(c: DriverCell): void {
    c.state = 'draft';
    c.version = undefined;
    c.fingerprint = undefined;
    this.answers.writes++;
  }

  private async act(c: DriverCell, action: 'submit' | 'approve' | 'unlock', extra: object = {}): Promise<void> {
    const cell = { datasetType: c.datasetType, kind: c.kind, period: c.period, area: c.area };
    const res = await this.send(c, 'POST', `/v1/submissions/${action}`, action === 'submit' ? 'write' : 'approve', { ...cell, ...extra });
    c.state = res.state as CellState;
    c.version = Number(res.version);
    c.fingerprint = (res.fingerprint as { items: number; revisionSum: number } | null) ?? null;
    this.answers.actions++;
  }

  /**
   * One request, retried until a 2xx: after a connection error, a timeout, a 503/429 or another 5xx (a retry of an
   * approval action already done answers `changed: false`; a write carries an Idempotency-Key, so its retry is
   * answered from the first attempt's stored response). Any other 4xx is a defect of the service or of this driver:
   * the run fails.
   */
  private async send(c: DriverCell, method: string, url: string, role: 'write' | 'approve', body?: object): Promise<Record<string, unknown>> {
    const a = this.answers;
    const key = role === 'write' ? this.o.keys.write[c.department] : this.o.keys.approve[c.department];
    const idempotencyKey = url.startsWith('/v1/submissions') ? undefined : randomUUID();
    const started = Date.now();
    for (let n = 0; ; n++) {
      const t0 = Date.now();
      let status: string;
      let retryAfter: string | null = null;
      let parsed: Record<string, unknown> = {};
      try {
        const res = await fetch(`${this.o.stack.service(c.service).baseUrl}${url}`, {
          method,
          headers: { 'x-api-key': key, ...(body ? { 'content-type': 'application/json' } : {}), ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}) },
          body: body ? JSON.stringify(body) : undefined,
          signal: AbortSignal.timeout(this.o.timeoutMs),
        });
        const text = await res.text();
        status = String(res.status);
        retryAfter = res.headers.get('retry-after');
        parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
      } catch (err) {
        const name = (err as Error).name;
        status = name === 'TimeoutError' || name === 'AbortError' ? 'timeout' : 'network';
      }
      a.requests++;
      a.maxRequestMs = Math.max(a.maxRequestMs, Date.now() - t0);
      a.statuses[status] = (a.statuses[status] ?? 0) + 1;
      if (status.startsWith('2')) return parsed;
      if (status === 'network') a.network[c.service] = (a.network[c.service] ?? 0) + 1;
      else if (status === 'timeout' || (status.startsWith('5') && status !== '503') || ((status === '503' || status === '429') && !retryAfter)) a.bad++;
      // A retried write racing its own first attempt (timed out on our side, still running) is the 409 of the natural key; the next retry replays.
      const raceOnRetry = status === '409' && n > 0 && idempotencyKey !== undefined;
      if (/^4/.test(status) && status !== '429' && !raceOnRetry) {
        throw new Error(`${c.service} ${method} ${url} (${cellKey(c)}): ${status} ${JSON.stringify(parsed).slice(0, 500)}`);
      }
      if (Date.now() - started > 240_000) {
        a.abandoned++;
        throw new Error(`${c.service} ${method} ${url}: no 2xx in 240 s`);
      }
      const wait = retryAfter && Number.isFinite(Number(retryAfter)) ? Number(retryAfter) * 1000 : 100 * 2 ** Math.min(n, 5);
      await sleep(Math.min(wait, 2000));
    }
  }
}

const figures = (total: number) => [{ sex: 'F', value: Math.floor(total * 0.3) }, { sex: 'M', value: total - Math.floor(total * 0.3) }, { sex: 'T', value: total }];

/** A return's figure is its total; a record's its count, or one. */
function unitsOf(c: DriverCell, body: Record<string, unknown>): number {
  if (c.datasetType === 'return') return (body.figures as { sex: string; value: number }[]).find((f) => f.sex === 'T')!.value;
  return weightOf(body as unknown as DemoRecord);
}

/** A correction: a return's total up by seven; a record's count up by one, or else its first yes/no attribute flipped. */
function changed(c: DriverCell, body: Record<string, unknown>): Record<string, unknown> {
  if (c.datasetType === 'return') return { ...body, figures: figures(unitsOf(c, body) + 7) };
  if (typeof body.count === 'number') return { ...body, count: body.count + 1 };
  const attributes = { ...(body.attributes as Record<string, unknown>) };
  const flag = Object.keys(attributes).find((k) => typeof attributes[k] === 'boolean');
  if (!flag) throw new Error(`${c.kind}: no count and no yes/no attribute to correct`);
  attributes[flag] = !attributes[flag];
  return { ...body, attributes };
}

/** The approval states monitoring holds (GET /v1/approvals) of the datasets under approval, or of one cell's dataset and period. */
export async function observedCells(stack: Stack, keys: ApprovalKeys, only?: CellKey): Promise<Map<string, ObservedCell>> {
  const out = new Map<string, ObservedCell>();
  for (const [department, kind] of Object.entries(APPROVAL_DATASETS)) {
    if (only && only.department !== department) continue;
    const period = only ? `&period=${only.period}` : '';
    const res = await fetch(`${stack.service('monitoring-service').baseUrl}/v1/approvals?department=${department}&kind=${kind}${period}&limit=500`, {
      headers: { 'x-api-key': keys.monitoring },
      signal: AbortSignal.timeout(15_000),
    });
    if (res.status !== 200) throw new Error(`GET /v1/approvals: ${res.status} ${await res.text()}`);
    const page = (await res.json()) as { items: (CellKey & ObservedCell)[]; total: number };
    // A fault run makes a few dozen cells of each dataset; more than a page would be a defect of its own.
    if (page.total > page.items.length) throw new Error(`GET /v1/approvals: ${page.total} cells of ${department}/${kind}, more than a page`);
    for (const i of page.items) out.set(cellKey(i), { state: i.state, version: i.version, fingerprint: i.fingerprint, received: i.received, counted: i.counted });
  }
  return out;
}

/**
 * Each cell's figure in monitoring's database, provisional and official. Official leaves out what `held_cell`
 * names, as monitoring's approved reads do (facts/figure-view.ts): the district's monthly record facts of the
 * kind and year, and the return's total.
 */
export async function cellFigures(monitoring: Client): Promise<Map<string, CellFigures>> {
  const out = new Map<string, CellFigures>();
  const records = Object.entries(APPROVAL_DATASETS).filter(([d]) => d !== 'statistics').map(([d, k]) => `${d}/${k}`);
  const { rows } = await monitoring.query<{ dataset: string; year: string; provisional: string; official: string }>(
    `SELECT f.input_key AS dataset, left(f.period, 4) AS year, sum(f.count)::bigint AS provisional,
            coalesce(sum(f.count) FILTER (WHERE NOT EXISTS (SELECT 1 FROM held_cell h WHERE h.dataset_type = 'record'
              AND h.department || '/' || h.kind = f.input_key AND h.period = left(f.period, 4))), 0)::bigint AS official
       FROM record_fact f WHERE f.input_key = ANY($2) AND f.area_code = $1 AND f.granularity = 'M'
      GROUP BY 1, 2`,
    [DISTRICT, records],
  );
  for (const r of rows) {
    const [department, kind] = r.dataset.split('/');
    out.set(cellKey({ department, datasetType: 'record', kind, period: r.year, area: DISTRICT }), { provisional: Number(r.provisional), official: Number(r.official) });
  }
  const returns = await monitoring.query<{ period: string; area: string; provisional: string; official: string }>(
    `SELECT o.period, o.area_code AS area, sum(o.value) AS provisional,
            coalesce(sum(o.value) FILTER (WHERE NOT EXISTS (SELECT 1 FROM held_cell h WHERE h.dataset_type = 'return'
              AND h.department || '/' || h.kind = o.return_kind AND h.period = o.period AND h.area = o.area_code)), 0) AS official
       FROM observation o WHERE o.return_kind = $1 AND o.sex = 'T' AND NOT o.withdrawn
      GROUP BY 1, 2`,
    [`statistics/${RETURN_KIND}`],
  );
  for (const r of returns.rows) {
    out.set(cellKey({ department: 'statistics', datasetType: 'return', kind: RETURN_KIND, period: r.period, area: r.area }), { provisional: Number(r.provisional), official: Number(r.official) });
  }
  return out;
}
