import { findResidentIdNumbers, RESIDENT_ID_REASON } from './identifier-scan';

const ID = '11010519491231002X';

describe('findResidentIdNumbers', () => {
  it('names every field holding an ID number, with the batch row, without echoing the value', () => {
    const body = {
      items: [
        { reference: 'A-1', subjectRef: 'p-1' },
        { reference: 'A-2', subjectRef: ID, attributes: { note: `mother ${ID}` } },
        { reference: 'A-3', unknownField: ID },
      ],
    };
    const errors = findResidentIdNumbers(body);
    expect(errors).toEqual([
      { field: 'items[1].subjectRef', row: 1, reason: RESIDENT_ID_REASON },
      { field: 'items[1].attributes.note', row: 1, reason: RESIDENT_ID_REASON },
      { field: 'items[2].unknownField', row: 2, reason: RESIDENT_ID_REASON },
    ]);
    expect(JSON.stringify(errors)).not.toContain(ID);
  });

  it('checks single items, figures rows, object keys and integer numbers', () => {
    expect(findResidentIdNumbers({ subjectRef: ID })).toEqual([{ field: 'subjectRef', reason: RESIDENT_ID_REASON }]);
    expect(findResidentIdNumbers({ figures: [{ sex: 'F' }, { label: ID }] })).toEqual([{ field: 'figures[1].label', row: 1, reason: RESIDENT_ID_REASON }]);
    expect(findResidentIdNumbers({ attributes: { [ID]: true } })).toEqual([{ field: `attributes.${ID}`, reason: RESIDENT_ID_REASON }]);
    expect(findResidentIdNumbers({ legacy: 110105491231002 })).toEqual([{ field: 'legacy', reason: RESIDENT_ID_REASON }]);
    expect(findResidentIdNumbers(ID)).toEqual([{ field: '(body)', reason: RESIDENT_ID_REASON }]);
  });

  it('refuses hostile nesting instead of overflowing the stack', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    const errors = findResidentIdNumbers({ items: [{ attributes: deep }] });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ row: 0, reason: expect.stringContaining('nested more than') });
  });

  it('finds nothing in a clean body', () => {
    expect(findResidentIdNumbers({ items: [{ reference: 'MCH-1', area: '520103001001', period: '2025-07', count: 3 }] })).toEqual([]);
  });
});
