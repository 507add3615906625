import {
  approvalCellKey, recordCellPeriod,
  type ApprovalCell, type ApprovalChangedEventData, type ApprovalFingerprint, type ApprovalState, type AreaIndex, type RecordEventData, type ReturnEventData,
} from '@wdp/contracts';

/**
 * What monitoring has received of one cell: items counting in it and their revisions summed, the same measure as
 * the approval's fingerprint. Kept as deltas: a change that leaves revision n-1 and brings revision n subtracts
 * the one and adds the other, so the sums do not depend on the order changes arrive in.
 */
export interface CellReceipt extends ApprovalCell, ApprovalFingerprint {}

/** The latest state of a cell as its events said, at the highest version seen. */
export interface CellApproval extends ApprovalCell {
  state: ApprovalState;
  version: number;
  fingerprint: ApprovalFingerprint | null;
  comment: string | null;
}

/**
 * Whether a cell's data counts in the approved (official) figures: a cell with no approval state belongs to a
 * dataset approved automatically and always counts; otherwise only once approved and holding exactly the approved
 * data (an approval can overtake the data it approved on the way; until that data is in, the cell waits).
 */
export function isCounted(approval: Pick<CellApproval, 'state' | 'fingerprint'> | undefined, receipt: ApprovalFingerprint | undefined): boolean {
  if (!approval) return true;
  if (approval.state !== 'approved' || !approval.fingerprint) return false;
  return approval.fingerprint.items === (receipt?.items ?? 0) && approval.fingerprint.revisionSum === (receipt?.revisionSum ?? 0);
}

/**
 * The net receipt change per cell of a batch's record and return changes (cells whose changes cancel out are
 * kept at zero: harmless). A record counts in its kind's cell of its year and district; a fact in an area the
 * reference does not know has no cell (the consumer refuses such facts anyway).
 */
export function receiptDeltas(records: readonly RecordEventData[], returns: readonly ReturnEventData[], areas: AreaIndex): CellReceipt[] {
  const out = new Map<string, CellReceipt>();
  const add = (cell: ApprovalCell, items: number, revisions: number) => {
    const key = approvalCellKey(cell);
    const found = out.get(key) ?? { ...cell, items: 0, revisionSum: 0 };
    found.items += items;
    found.revisionSum += revisions;
    out.set(key, found);
  };
  // A batch holds thousands of records in a few communities: each area's district is looked up once.
  const districts = new Map<string, string | undefined>();
  const districtOf = (area: string) => {
    if (!districts.has(area)) districts.set(area, areas.chain(area).at(-1)?.code);
    return districts.get(area);
  };
  for (const r of records) {
    const cellOf = (fact: { kind: string; area: string; period: string }): ApprovalCell | undefined => {
      const district = districtOf(fact.area);
      return district === undefined ? undefined : { department: r.department, datasetType: 'record', kind: fact.kind, period: recordCellPeriod(fact.period), area: district };
    };
    const before = r.previous && cellOf(r.previous);
    if (before) add(before, -1, -(r.revision - 1));
    const after = r.current && r.operation !== 'withdrawn' ? cellOf(r.current) : undefined;
    if (after) add(after, 1, r.revision);
  }
  for (const r of returns) {
    const cellOf = (f: { kind: string; area: string; period: string }): ApprovalCell => ({ department: r.department, datasetType: 'return', kind: f.kind, period: f.period, area: f.area });
    if (r.previous) add(cellOf(r.previous), -1, -(r.revision - 1));
    if (r.current && r.operation !== 'withdrawn') add(cellOf(r.current), 1, r.revision);
  }
  return [...out.values()];
}

/** The newest event per cell of a batch (the store keeps the newest of all: a late older version changes nothing). */
export function newestApprovals(events: readonly ApprovalChangedEventData[]): CellApproval[] {
  const newest = new Map<string, CellApproval>();
  for (const e of events) {
    const key = approvalCellKey(e);
    if ((newest.get(key)?.version ?? 0) >= e.version) continue;
    newest.set(key, { department: e.department, datasetType: e.datasetType, kind: e.kind, period: e.period, area: e.area, state: e.state, version: e.version, fingerprint: e.fingerprint, comment: e.comment });
  }
  return [...newest.values()];
}

/**
 * What a change of cells' approval states makes the settler recompute: for a record cell, every fact input of its
 * kind in every assessed area, from the cell's year on; for a return cell, its kind in its area, from its year.
 */
export function touchedByCells(
  cells: readonly ApprovalCell[], inputsOf: (department: string, kind: string) => readonly { key: string }[], assessedAreas: readonly string[],
): { inputs: { inputKey: string; areaCode: string; fromYear: number }[]; returns: { returnKind: string; areaCode: string; fromYear: number }[] } {
  const inputs: { inputKey: string; areaCode: string; fromYear: number }[] = [];
  const returns: { returnKind: string; areaCode: string; fromYear: number }[] = [];
  for (const c of cells) {
    const fromYear = Number(c.period.slice(0, 4));
    if (c.datasetType === 'return') returns.push({ returnKind: `${c.department}/${c.kind}`, areaCode: c.area, fromYear });
    else for (const input of inputsOf(c.department, c.kind)) for (const areaCode of assessedAreas) inputs.push({ inputKey: input.key, areaCode, fromYear });
  }
  return { inputs, returns };
}
