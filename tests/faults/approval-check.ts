// The end check of the approval traffic in a fault run (approval-traffic.ts), kept pure so that what it catches is
// shown by its spec: the client's own account of every cell it wrote to or moved, against what monitoring holds.

export type CellState = 'draft' | 'submitted' | 'returned' | 'approved';

export interface CellKey {
  department: string;
  datasetType: 'record' | 'return';
  kind: string;
  period: string;
  area: string;
}

export const cellKey = (c: CellKey) => `${c.department}/${c.datasetType}/${c.kind}/${c.period}/${c.area}`;

/** What the client knows of a cell: the last state a departmental service acknowledged with a 2xx, and the data it holds. */
export interface ExpectedCell extends CellKey {
  state: CellState;
  /** The cell's version as the last approval action's answer gave it; undefined when the last 2xx was a data write (it says no version). */
  version?: number;
  /** The fingerprint the last approval gave, when the last action was an approval. */
  fingerprint?: { items: number; revisionSum: number } | null;
  /** Items counting in the cell and their revisions summed: what monitoring must have received. */
  items: number;
  revisionSum: number;
  /** Its figure: units of the record kind (a record carries a count or is one), or a return's total. */
  units: number;
}

/** A cell as monitoring's GET /v1/approvals lists it. */
export interface ObservedCell {
  state: CellState;
  version: number;
  fingerprint: { items: number; revisionSum: number } | null;
  received: { items: number; revisionSum: number };
  counted: boolean;
}

/** A cell's figure in monitoring's database: everything received (provisional), and what the approved reads count (official). */
export interface CellFigures {
  provisional: number;
  official: number;
}

export interface ApprovalCheck {
  cells: number;
  /** Cells whose last acknowledged state is approved: the official figures must count exactly their data. */
  approvedCells: number;
  /** Cells with any other state: the official figures must count none of them. */
  heldCells: number;
  officialExpected: number;
  officialCounted: number;
  /** Per cell, official beyond what it should count (a held cell counted, or an approved one counted twice), summed. */
  officialDuplicates: number;
  /** Per cell, official short of what it should count, summed. */
  officialLost: number;
  /** Provisional figures per cell off the data the client wrote (the run's total is checked apart). */
  provisionalMismatches: number;
  /** Cells whose state, version, fingerprint, receipt or counted flag at monitoring is not what the service acknowledged. */
  stateMismatches: number;
  /** One line per finding, for the log. */
  problems: string[];
}

const same = (a: { items: number; revisionSum: number } | null | undefined, b: { items: number; revisionSum: number } | null | undefined) =>
  (a ?? null) === null ? (b ?? null) === null : !!b && a!.items === b.items && Number(a!.revisionSum) === Number(b.revisionSum);

/**
 * Compares, per cell, the client's account with monitoring's. Per cell rather than in total, so that a cell counted
 * twice cannot hide behind a cell lost elsewhere. An approved cell counts officially exactly its data; every other
 * state counts nothing officially; provisional always counts the data. A cell monitoring does not list is a
 * mismatch (every cell here was written to under APPROVAL_REQUIRED, so it has a state).
 */
export function checkApprovals(expected: readonly ExpectedCell[], observed: ReadonlyMap<string, ObservedCell>, figures: ReadonlyMap<string, CellFigures>): ApprovalCheck {
  const out: ApprovalCheck = {
    cells: expected.length, approvedCells: 0, heldCells: 0, officialExpected: 0, officialCounted: 0,
    officialDuplicates: 0, officialLost: 0, provisionalMismatches: 0, stateMismatches: 0, problems: [],
  };
  for (const e of expected) {
    const key = cellKey(e);
    const approved = e.state === 'approved';
    if (approved) out.approvedCells++;
    else out.heldCells++;
    const want = approved ? e.units : 0;
    const got = figures.get(key) ?? { provisional: 0, official: 0 };
    out.officialExpected += want;
    out.officialCounted += got.official;
    if (got.official > want) {
      out.officialDuplicates += got.official - want;
      out.problems.push(`${key}: official ${got.official}, expected ${want} (${e.state})`);
    } else if (got.official < want) {
      out.officialLost += want - got.official;
      out.problems.push(`${key}: official ${got.official}, expected ${want} (${e.state})`);
    }
    if (got.provisional !== e.units) {
      out.provisionalMismatches++;
      out.problems.push(`${key}: provisional ${got.provisional}, expected ${e.units}`);
    }
    const o = observed.get(key);
    const wrong: string[] = [];
    if (!o) wrong.push('not listed');
    else {
      if (o.state !== e.state) wrong.push(`state ${o.state} ≠ ${e.state}`);
      if (e.version !== undefined && o.version !== e.version) wrong.push(`version ${o.version} ≠ ${e.version}`);
      if (e.fingerprint !== undefined && !same(o.fingerprint, e.fingerprint)) wrong.push(`fingerprint ${JSON.stringify(o.fingerprint)} ≠ ${JSON.stringify(e.fingerprint)}`);
      if (!same(o.received, e)) wrong.push(`received ${JSON.stringify(o.received)} ≠ ${JSON.stringify({ items: e.items, revisionSum: e.revisionSum })}`);
      if (o.counted !== approved) wrong.push(`counted ${o.counted}`);
    }
    if (wrong.length) {
      out.stateMismatches++;
      out.problems.push(`${key}: ${wrong.join(', ')}`);
    }
  }
  return out;
}

/** Whether the check found nothing. */
export const approvalsOk = (c: ApprovalCheck) =>
  c.officialDuplicates === 0 && c.officialLost === 0 && c.provisionalMismatches === 0 && c.stateMismatches === 0;
