import { approvalCellKey, buildAreaIndex, type ApprovalChangedEventData, type ApprovalState, type RecordEventData, type RecordFact } from '@wdp/contracts';
import { isLocked, transition, type ApprovalAction } from '@wdp/ingestion';
import fc from 'fast-check';
import { isCounted, newestApprovals, receiptDeltas, touchedByCells, type CellApproval } from './approval-cells';

const areas = buildAreaIndex([
  { code: '520103', nameZh: '云岩区', level: 'district', parent: null },
  { code: '520103001', nameZh: '街道', level: 'street', parent: '520103' },
  { code: '520103001001', nameZh: '社区', level: 'community', parent: '520103001' },
]);

/** Three cells: two years of a dataset that needs approval, one of a dataset approved automatically. */
const CELLS = [
  { kind: 'maternal-death', month: '2024-03', manual: true },
  { kind: 'maternal-death', month: '2025-07', manual: true },
  { kind: 'live-birth', month: '2025-02', manual: false },
] as const;
const cellKeyOf = (c: (typeof CELLS)[number]) => approvalCellKey({ department: 'health', datasetType: 'record', kind: c.kind, period: c.month.slice(0, 4), area: '520103' });

type Op =
  | { op: 'create'; cell: number; count: number }
  | { op: 'revise'; record: number; cell: number; count: number }
  | { op: 'withdraw'; record: number }
  | { op: 'act'; cell: number; action: ApprovalAction };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('create' as const), cell: fc.nat(2), count: fc.integer({ min: 1, max: 5 }) }),
  fc.record({ op: fc.constant('revise' as const), record: fc.nat(20), cell: fc.nat(2), count: fc.integer({ min: 1, max: 5 }) }),
  fc.record({ op: fc.constant('withdraw' as const), record: fc.nat(20) }),
  fc.record({ op: fc.constant('act' as const), cell: fc.nat(1), action: fc.constantFrom<ApprovalAction>('submit', 'approve', 'return', 'unlock') }),
);

/** An event and the request (departmental operation) it belongs to: a request's events are one `wdpbatch`. */
type Event = ({ record: RecordEventData } | { approval: ApprovalChangedEventData }) & { request: number };

/**
 * The departmental service as a model, with the library's own transition rules: records in cells, each cell's state,
 * the events it publishes, and every count a cell held when it was approved.
 */
function department(ops: readonly Op[]) {
  const records: { cell: number; count: number; revision: number; active: boolean }[] = [];
  const states = new Map<number, { state: ApprovalState; version: number }>();
  const events: Event[] = [];
  const approvedCounts = CELLS.map(() => new Set<number>());
  const fact = (cell: number, count: number): RecordFact => ({ kind: CELLS[cell].kind, area: '520103001001', period: CELLS[cell].month, count, attributes: {} });
  const activeIn = (cell: number) => records.filter((r) => r.active && r.cell === cell);
  let request = 0;
  const publish = (cell: number, state: ApprovalState) => {
    const version = (states.get(cell)?.version ?? 0) + 1;
    states.set(cell, { state, version });
    const fingerprint = state === 'approved' ? { items: activeIn(cell).length, revisionSum: activeIn(cell).reduce((s, r) => s + r.revision, 0) } : null;
    if (state === 'approved') approvedCounts[cell].add(activeIn(cell).reduce((s, r) => s + r.count, 0));
    events.push({ request, approval: { department: 'health', datasetType: 'record', kind: CELLS[cell].kind, period: CELLS[cell].month.slice(0, 4), area: '520103', state, version, fingerprint, comment: null } });
  };
  /** Refused when a touched cell is locked; otherwise touched cells needing approval get a new draft version. */
  const guard = (cells: number[]) => {
    if (cells.some((c) => isLocked(states.get(c)?.state))) return false;
    for (const c of new Set(cells)) if (CELLS[c].manual) publish(c, 'draft');
    return true;
  };
  for (const o of ops) {
    request += 1;
    if (o.op === 'create') {
      if (!guard([o.cell])) continue;
      records.push({ cell: o.cell, count: o.count, revision: 1, active: true });
      events.push({ request, record: { recordId: String(records.length - 1), revision: 1, operation: 'recorded', department: 'health', current: fact(o.cell, o.count), previous: null } });
    } else if (o.op === 'revise' || o.op === 'withdraw') {
      const r = records[o.record];
      if (!r || (o.op === 'withdraw' && !r.active)) continue;
      const target = o.op === 'revise' ? o.cell : r.cell;
      if (!guard([...(r.active ? [r.cell] : []), ...(o.op === 'revise' ? [target] : [])])) continue;
      const previous = r.active ? fact(r.cell, r.count) : null;
      r.revision += 1;
      if (o.op === 'revise') Object.assign(r, { cell: o.cell, count: o.count, active: true });
      else r.active = false;
      events.push({ request, record: { recordId: String(o.record), revision: r.revision, operation: o.op === 'revise' ? 'revised' : 'withdrawn', department: 'health', current: r.active ? fact(r.cell, r.count) : null, previous } });
    } else {
      const next = transition(states.get(o.cell)?.state, o.action);
      if ('state' in next && next.changed) publish(o.cell, next.state);
    }
  }
  return { records, states, events, approvedCounts };
}

/** Monitoring as a model: the pure functions the consumer applies, batch by batch, over stores like its tables. */
function monitoring() {
  const approvals = new Map<string, CellApproval>();
  const receipts = new Map<string, { items: number; revisionSum: number }>();
  const facts = new Map<string, number>();
  return {
    apply(batch: readonly Event[]) {
      const records = batch.flatMap((e) => ('record' in e ? [e.record] : []));
      for (const d of receiptDeltas(records, [], areas)) {
        const r = receipts.get(approvalCellKey(d)) ?? { items: 0, revisionSum: 0 };
        receipts.set(approvalCellKey(d), { items: r.items + d.items, revisionSum: r.revisionSum + d.revisionSum });
      }
      for (const e of records) {
        if (e.previous) facts.set(`${e.previous.kind}/${e.previous.period.slice(0, 4)}`, (facts.get(`${e.previous.kind}/${e.previous.period.slice(0, 4)}`) ?? 0) - e.previous.count);
        if (e.current && e.operation !== 'withdrawn') facts.set(`${e.current.kind}/${e.current.period.slice(0, 4)}`, (facts.get(`${e.current.kind}/${e.current.period.slice(0, 4)}`) ?? 0) + e.current.count);
      }
      for (const a of newestApprovals(batch.flatMap((e) => ('approval' in e ? [e.approval] : [])))) {
        if ((approvals.get(approvalCellKey(a))?.version ?? 0) < a.version) approvals.set(approvalCellKey(a), a);
      }
    },
    /** The cell's figure in the approved view (0 when held) and in the provisional one. */
    figures(cell: number) {
      const key = cellKeyOf(CELLS[cell]);
      const provisional = facts.get(`${CELLS[cell].kind}/${CELLS[cell].month.slice(0, 4)}`) ?? 0;
      return { provisional, approved: isCounted(approvals.get(key), receipts.get(key)) ? provisional : 0 };
    },
  };
}

/** A delivery order: the events shuffled (partitions interleave freely), then cut into batches. */
const deliveryArb = (n: number) => fc.tuple(fc.shuffledSubarray([...Array(n).keys()], { minLength: n, maxLength: n }), fc.array(fc.nat(n), { maxLength: 4 }));

describe('approved and provisional figures', () => {
  // The settler decides a pair only once every event of the requests that touched it is in (request completeness),
  // so the figures are checked at each such point: between them a draft's record may arrive before its draft event.
  it('counts a cell in the approved view only with exactly approved data, whenever the requests delivered are complete, in any delivery order, and ends equal to the department', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 40 }).chain((ops) => {
        const dept = department(ops);
        return deliveryArb(dept.events.length).map((delivery) => ({ dept, delivery }));
      }), ({ dept, delivery: [order, cuts] }) => {
        const mon = monitoring();
        const bounds = [...new Set([0, ...cuts, order.length])].sort((a, b) => a - b);
        const delivered = new Set<number>();
        for (let i = 1; i < bounds.length; i++) {
          const batch = order.slice(bounds[i - 1], bounds[i]);
          batch.forEach((j) => delivered.add(j));
          mon.apply(batch.map((j) => dept.events[j]));
          const started = new Set([...delivered].map((j) => dept.events[j].request));
          if (dept.events.some((e, j) => started.has(e.request) && !delivered.has(j))) continue;
          CELLS.forEach((c, cell) => {
            const { approved } = mon.figures(cell);
            // Never a half-applied or unapproved state of a held cell: nothing, or a total the approver signed.
            if (c.manual && approved !== 0) expect(dept.approvedCounts[cell].has(approved)).toBe(true);
          });
        }
        CELLS.forEach((c, cell) => {
          const truth = dept.records.filter((r) => r.active && r.cell === cell).reduce((s, r) => s + r.count, 0);
          const { provisional, approved } = mon.figures(cell);
          expect(provisional).toBe(truth);
          const state = dept.states.get(cell)?.state;
          expect(approved).toBe(!c.manual || state === 'approved' || (state === undefined && truth === 0) ? truth : 0);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('counts a cell without any approval state (automatic approval) as it arrives, exactly as before', () => {
    expect(isCounted(undefined, undefined)).toBe(true);
    expect(isCounted(undefined, { items: 3, revisionSum: 4 })).toBe(true);
  });

  it('holds an approved cell until the data it approved has arrived, and again when a correction arrives', () => {
    const approval = { state: 'approved' as const, fingerprint: { items: 2, revisionSum: 3 } };
    expect(isCounted(approval, { items: 1, revisionSum: 1 })).toBe(false);
    expect(isCounted(approval, { items: 2, revisionSum: 3 })).toBe(true);
    expect(isCounted(approval, { items: 2, revisionSum: 4 })).toBe(false);
    expect(isCounted({ state: 'submitted', fingerprint: null }, { items: 2, revisionSum: 3 })).toBe(false);
  });

  it('keeps the newest version of each cell of a batch', () => {
    const base = { department: 'health', datasetType: 'record' as const, kind: 'maternal-death', period: '2025', area: '520103', fingerprint: null, comment: null };
    const newest = newestApprovals([{ ...base, state: 'approved', version: 3, fingerprint: { items: 1, revisionSum: 1 } }, { ...base, state: 'submitted', version: 2 }]);
    expect(newest).toEqual([expect.objectContaining({ state: 'approved', version: 3 })]);
  });
});

describe('receiptDeltas of returns', () => {
  it('measures a return like the fingerprint: submitted, revised, withdrawn and reinstated in any order add up to the revision that counts', () => {
    const facts = { kind: 'gdp', area: '520103001', period: '2024', unit: 'yuan', figures: [] };
    const base = { returnId: 'r1', department: 'statistics' };
    const events = [
      { ...base, revision: 1, operation: 'submitted' as const, current: facts, previous: null },
      { ...base, revision: 2, operation: 'revised' as const, current: facts, previous: facts },
      { ...base, revision: 3, operation: 'withdrawn' as const, current: null, previous: facts },
      { ...base, revision: 4, operation: 'revised' as const, current: facts, previous: null },
    ];
    const total = (evs: typeof events) => receiptDeltas([], evs, areas).reduce((s, d) => ({ items: s.items + d.items, revisionSum: s.revisionSum + d.revisionSum }), { items: 0, revisionSum: 0 });
    expect(total(events)).toEqual({ items: 1, revisionSum: 4 });
    expect(total([...events].reverse())).toEqual({ items: 1, revisionSum: 4 });
    expect(total(events.slice(0, 3))).toEqual({ items: 0, revisionSum: 0 });
    expect(receiptDeltas([], events.slice(0, 1), areas)).toEqual([{ department: 'statistics', datasetType: 'return', kind: 'gdp', period: '2024', area: '520103001', items: 1, revisionSum: 1 }]);
  });
});

describe('touchedByCells', () => {
  it('recomputes a record cell’s inputs in every assessed area and a return cell in its own area, from the cell’s year', () => {
    const cells = [
      { department: 'health', datasetType: 'record' as const, kind: 'maternal-death', period: '2025', area: '520103' },
      { department: 'statistics', datasetType: 'return' as const, kind: 'gdp', period: '2024-Q3', area: '520103001' },
    ];
    const inputsOf = (department: string, kind: string) => (kind === 'maternal-death' ? [{ key: `${department}/${kind}` }, { key: `${department}/${kind}?cause=x` }] : []);
    const { inputs, returns } = touchedByCells(cells, inputsOf, ['520103', '520103001']);
    expect(inputs).toHaveLength(4);
    expect(inputs).toContainEqual({ inputKey: 'health/maternal-death?cause=x', areaCode: '520103001', fromYear: 2025 });
    expect(returns).toEqual([{ returnKind: 'statistics/gdp', areaCode: '520103001', fromYear: 2024 }]);
  });
});
