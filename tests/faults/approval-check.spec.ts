import { approvalsOk, cellKey, checkApprovals, type CellFigures, type ExpectedCell, type ObservedCell } from './approval-check';

// What the fault run's approval check catches: each defect it is there for, made on purpose in monitoring's answer.

const reapproved: ExpectedCell = {
  department: 'health', datasetType: 'record', kind: 'induced-abortion', period: '2010', area: '520103',
  state: 'approved', version: 9, fingerprint: { items: 8, revisionSum: 11 }, items: 8, revisionSum: 11, units: 8,
};
const held: ExpectedCell = {
  department: 'family', datasetType: 'record', kind: 'childcare-places', period: '2011', area: '520103',
  state: 'submitted', version: 8, fingerprint: null, items: 8, revisionSum: 10, units: 40,
};
const loadDraft: ExpectedCell = { department: 'health', datasetType: 'record', kind: 'induced-abortion', period: '2024', area: '520103', state: 'draft', items: 500, revisionSum: 500, units: 500 };
const cells = [reapproved, held, loadDraft];

/** Monitoring as it should be: every state as acknowledged, the approved cell counted once, the others only provisionally. */
function monitoring(): { observed: Map<string, ObservedCell>; figures: Map<string, CellFigures> } {
  const observed = new Map<string, ObservedCell>();
  const figures = new Map<string, CellFigures>();
  for (const c of cells) {
    observed.set(cellKey(c), { state: c.state, version: c.version ?? 3, fingerprint: c.fingerprint ?? null, received: { items: c.items, revisionSum: c.revisionSum }, counted: c.state === 'approved' });
    figures.set(cellKey(c), { provisional: c.units, official: c.state === 'approved' ? c.units : 0 });
  }
  return { observed, figures };
}

describe('the fault run’s approval check', () => {
  it('passes when the approved cell counts officially once and the held ones only provisionally', () => {
    const { observed, figures } = monitoring();
    const check = checkApprovals(cells, observed, figures);
    expect(check).toMatchObject({ cells: 3, approvedCells: 1, heldCells: 2, officialExpected: 8, officialCounted: 8, officialDuplicates: 0, officialLost: 0, stateMismatches: 0, problems: [] });
    expect(approvalsOk(check)).toBe(true);
  });

  it('catches a re-approved cell counted twice', () => {
    const { observed, figures } = monitoring();
    figures.set(cellKey(reapproved), { provisional: 16, official: 16 });
    const check = checkApprovals(cells, observed, figures);
    expect(check).toMatchObject({ officialDuplicates: 8, officialLost: 0, provisionalMismatches: 1 });
    expect(approvalsOk(check)).toBe(false);
  });

  it('catches a held cell counted officially (an unlocked or corrected period that kept its old approval), and a lost approved one', () => {
    const { observed, figures } = monitoring();
    figures.set(cellKey(held), { provisional: 40, official: 40 });
    figures.set(cellKey(reapproved), { provisional: 8, official: 0 });
    const check = checkApprovals(cells, observed, figures);
    // Per cell: the 40 counted too many do not hide the 8 lost.
    expect(check).toMatchObject({ officialDuplicates: 40, officialLost: 8, officialCounted: 40, officialExpected: 8 });
    expect(check.problems).toHaveLength(2);
  });

  it('catches a state, version, fingerprint or receipt at monitoring other than the service acknowledged, and a cell it does not list', () => {
    const variants: [string, (o: ObservedCell) => ObservedCell][] = [
      ['state', (o) => ({ ...o, state: 'draft', counted: false })],
      ['version', (o) => ({ ...o, version: 7 })],
      ['fingerprint', (o) => ({ ...o, fingerprint: { items: 8, revisionSum: 10 } })],
      ['received', (o) => ({ ...o, received: { items: 9, revisionSum: 12 } })],
      ['counted', (o) => ({ ...o, counted: false })],
    ];
    for (const [what, change] of variants) {
      const { observed, figures } = monitoring();
      observed.set(cellKey(reapproved), change(observed.get(cellKey(reapproved))!));
      const check = checkApprovals(cells, observed, figures);
      expect({ what, mismatches: check.stateMismatches }).toEqual({ what, mismatches: 1 });
      expect(check.problems[0]).toContain(what);
    }
    const { observed, figures } = monitoring();
    observed.delete(cellKey(held));
    expect(checkApprovals(cells, observed, figures).problems).toEqual([`${cellKey(held)}: not listed`]);
  });

  it('compares no version where the last acknowledgement was a data write (it says none)', () => {
    const { observed, figures } = monitoring();
    observed.set(cellKey(loadDraft), { ...observed.get(cellKey(loadDraft))!, version: 41 });
    expect(approvalsOk(checkApprovals(cells, observed, figures))).toBe(true);
  });
});
