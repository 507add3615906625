import { readCsv } from '@wdp/ingestion';
import { NUL_REASON } from '@wdp/platform';
import { locateBatchErrors, locateReturnErrors, mergeRowErrors, readSdmxReturns, sdmxCsvDelimiter, type SdmxMessage } from './sdmx-returns-csv';

const UNITS = new Map([['resident-population', 'persons'], ['tap-water-coverage', 'percent']]);
const ID = 'CN_YUNYAN:WDP_RETURNS(1.0.0)';
const message = (...lines: string[]): SdmxMessage => readSdmxReturns(readCsv(Buffer.from(lines.join('\r\n'))), UNITS);
/** A message of one return: that return and the message's errors. */
const read = (...lines: string[]) => {
  const m = message(...lines);
  return { ...m.returns[0], errors: m.errors, returns: m.returns };
};
const HEADER = 'STRUCTURE,STRUCTURE_ID,ACTION,RETURN_KIND,REF_AREA,SEX,AGE,TIME_PERIOD,OBS_VALUE,NUMERATOR,DENOMINATOR';

describe('readSdmxReturns: an SDMX-CSV 2.0 message of WDP_RETURNS read as returns', () => {
  it('maps the SDMX codes to the returns API body: _T is the total and all ages, Y30T34 and Y_GE85 are bands', () => {
    const r = read(
      HEADER,
      `dataflow,${ID},I,resident-population,520103,F,Y30T34,2024,4100,,`,
      `dataflow,${ID},A,resident-population,520103,M,Y_GE85,2024,900,,`,
      `dataflow,${ID},I,resident-population,520103,_T,_T,2024,250000,,`,
    );
    expect(r.errors).toEqual([]);
    expect(r.kind).toBe('resident-population');
    expect(r.body).toEqual({
      area: '520103', period: '2024',
      figures: [{ sex: 'F', ageBand: '30-34', value: 4100 }, { sex: 'M', ageBand: '85+', value: 900 }, { sex: 'T', value: 250000 }],
    });
    expect(r.rowNumbers).toEqual([2, 3, 4]);
  });

  it('takes ACTION as I when the column is absent, STRUCTURE[;] as STRUCTURE, and numerators and denominators as numbers', () => {
    const r = read('STRUCTURE[;],STRUCTURE_ID,RETURN_KIND,REF_AREA,SEX,TIME_PERIOD,OBS_VALUE,NUMERATOR,DENOMINATOR,UNIT_MEASURE', `dataflow,${ID},tap-water-coverage,520103,_T,2024,98.5,985,1000,percent`);
    expect(r.errors).toEqual([]);
    expect(r.body.figures).toEqual([{ sex: 'T', value: 98.5, numerator: 985, denominator: 1000 }]);
  });

  it('reads the field separator after STRUCTURE, with the decimal comma of its locale, and reads past labels and keys', () => {
    const data = Buffer.from(['\uFEFFSTRUCTURE[|];STRUCTURE_ID;STRUCTURE_NAME;ACTION;OBS_KEY;RETURN_KIND;REF_AREA;SEX;TIME_PERIOD;OBS_VALUE;NUMERATOR;DENOMINATOR',
      `dataflow;${ID};Returns;I;x;tap-water-coverage;520103;_T;2024;98,5;985;1000`].join('\r\n'));
    expect(sdmxCsvDelimiter(data)).toBe(';');
    const m = readSdmxReturns(readCsv(data, ';'), UNITS, ';');
    expect(m.errors).toEqual([]);
    expect(m.returns[0].body.figures).toEqual([{ sex: 'T', value: 98.5, numerator: 985, denominator: 1000 }]);
    expect([sdmxCsvDelimiter(Buffer.from('STRUCTURE[;],STRUCTURE_ID')), sdmxCsvDelimiter(Buffer.from('STRUCTURE\tX')), sdmxCsvDelimiter(Buffer.from('nonsense'))]).toEqual([',', '\t', ',']);
  });

  it('names every bad cell by row and column, without repeating what the cell held', () => {
    const r = read(
      HEADER,
      `datastructure,${ID},I,resident-population,520103,F,_T,2024,1,,`,
      `dataflow,OTHER:FLOW(1.0),I,resident-population,520103,WOMAN,30-34,2024,1e400,,`,
      `dataflow,${ID},D,resident-population,520103,M,_T,2024,x,,`,
    );
    expect(r.errors).toEqual([
      { row: 2, column: 'STRUCTURE', field: 'STRUCTURE', reason: 'must be dataflow' },
      { row: 3, column: 'STRUCTURE_ID', field: 'STRUCTURE_ID', reason: `must be ${ID}` },
      { row: 3, column: 'SEX', field: 'figures[1].sex', reason: 'must be a code of CL_SEX: F, M or _T' },
      { row: 3, column: 'AGE', field: 'figures[1].ageBand', reason: expect.stringMatching(/^must be a code of CL_AGE/) },
      { row: 3, column: 'OBS_VALUE', field: 'figures[1].value', reason: 'must be a number' },
      { row: 4, column: 'ACTION', field: 'ACTION', reason: expect.stringMatching(/^must be I \(information\) or A \(append\)/) },
      { row: 4, column: 'OBS_VALUE', field: 'figures[2].value', reason: 'must be a number' },
    ]);
    expect(JSON.stringify(r.errors)).not.toMatch(/WOMAN|30-34|1e400|OTHER/);
  });

  it('refuses a message of another return kind, a unit that is not the kind’s, and a NUL', () => {
    expect(read(HEADER, `dataflow,${ID},I,no-such-kind,520103,F,_T,2024,1,,`).errors).toEqual([
      { row: 2, column: 'RETURN_KIND', field: 'RETURN_KIND', reason: 'is not a return kind of the statistics bureau (see CL_RETURN_KIND)' },
    ]);
    expect(read(`${HEADER},UNIT_MEASURE`, `dataflow,${ID},I,resident-population,520103,F,_T,2024,1,,,percent`).errors).toEqual([
      { row: 2, column: 'UNIT_MEASURE', field: 'unit', reason: 'must be persons, the unit of this return kind (or left empty)' },
    ]);
    expect(read(HEADER, `dataflow,${ID},I,resident-population,520103,F,_T,2024,1\u0000,,`).errors).toContainEqual({ row: 2, column: 'OBS_VALUE', field: 'OBS_VALUE', reason: NUL_REASON });
  });

  it('checks the header first: unknown, repeated and missing columns, and a message with no observations', () => {
    expect(read('STRUCTURE,STRUCTURE_ID,RETURN_KIND,REF_AREA,SEX,SEX,TIME_PERIOD,NOTE').errors).toEqual([
      { row: 1, column: 'SEX', field: '(header)', reason: 'column SEX appears twice (column 6)' },
      { row: 1, field: '(header)', reason: expect.stringMatching(/^column 8 is not a component of CN_YUNYAN:WDP_RETURNS\(1\.0\.0\)/) },
      { row: 1, column: 'OBS_VALUE', field: 'OBS_VALUE', reason: 'required column is missing' },
    ]);
    expect(read(HEADER).errors).toEqual([{ row: 2, field: '(file)', reason: 'the message has a header row but no observations' }]);
    expect(read(`${HEADER},`, `dataflow,${ID},I,resident-population,520103,F,_T,2024,1,,,stray`).errors).toEqual([{ row: 2, field: '(cell)', reason: 'has a value in a column without a header' }]);
  });
});

describe('readSdmxReturns: many returns in one message', () => {
  const row = (kind: string, area: string, sex: string, period: string, value: number | string, age = '_T') => `dataflow,${ID},I,${kind},${area},${sex},${age},${period},${value},,`;

  it('groups the rows into one return per RETURN_KIND × REF_AREA × TIME_PERIOD, in the order each first appears, rows interleaved', () => {
    const m = message(
      HEADER,
      row('resident-population', '520103', 'F', '2024', 120),
      row('resident-population', '520102', 'F', '2024', 95),
      row('resident-population', '520103', 'M', '2024', 80),
      row('resident-population', '520103', 'F', '2023', 110),
      row('resident-population', '520102', '_T', '2024', 165),
      row('resident-population', '520103', '_T', '2024', 200),
    );
    expect(m.errors).toEqual([]);
    expect(m.returns.map((r) => [r.kind, r.body.area, r.body.period, r.rowNumbers])).toEqual([
      ['resident-population', '520103', '2024', [2, 4, 7]],
      ['resident-population', '520102', '2024', [3, 6]],
      ['resident-population', '520103', '2023', [5]],
    ]);
    expect(m.returns[0].body.figures).toEqual([{ sex: 'F', value: 120 }, { sex: 'M', value: 80 }, { sex: 'T', value: 200 }]);
    expect(m.returns[1].levelRows).toEqual(new Map([['RETURN_KIND', 3], ['REF_AREA', 3], ['TIME_PERIOD', 3]]));
  });

  it('reads the same returns from the rows in any order, each figure at the row it came from', () => {
    // Three kinds × two areas × two periods, F, M, total and two age bands: 12 returns of 5 figures, shuffled 25 ways.
    const lines: string[] = [];
    for (const kind of ['resident-population', 'tap-water-coverage'])
      for (const area of ['520103', '520102'])
        for (const period of ['2023', '2024'])
          for (const [sex, age] of [['F', '_T'], ['M', '_T'], ['_T', '_T'], ['F', 'Y30T34'], ['M', 'Y_GE85']])
            lines.push(row(kind, area, sex, period, lines.length + 1, age));
    let seed = 7;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const canonical = (m: SdmxMessage, order: string[]) =>
      m.returns
        .map((r) => ({
          key: `${r.kind}|${r.body.area}|${r.body.period}`,
          // Each figure with the line it was read from: the value is the line's number in the unshuffled list.
          figures: r.body.figures.map((f, i) => ({ ...f, value: Number(f.value), line: order[r.rowNumbers[i] - 2] })).sort((a, b) => Number(a.value) - Number(b.value)),
        }))
        .sort((a, b) => a.key.localeCompare(b.key));
    const expected = canonical(message(HEADER, ...lines), lines);
    expect(expected).toHaveLength(8);
    for (let trial = 0; trial < 25; trial++) {
      const shuffled = [...lines];
      for (let i = shuffled.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
      }
      const m = message(HEADER, ...shuffled);
      expect(m.errors).toEqual([]);
      expect(canonical(m, shuffled)).toEqual(expected);
      for (const r of m.returns) r.body.figures.forEach((f, i) => expect(shuffled[r.rowNumbers[i] - 2].split(',')[8]).toBe(String(f.value)));
    }
  });

  it('refuses an observation given twice, at the second row, naming the first, wherever the rows are', () => {
    const m = message(
      HEADER,
      row('resident-population', '520103', 'F', '2024', 120),
      row('resident-population', '520102', 'F', '2024', 95),
      row('resident-population', '520103', 'M', '2024', 80),
      row('resident-population', '520103', 'F', '2024', 120),
      row('resident-population', '520103', 'F', '2024', 121, 'Y30T34'),
      row('resident-population', '520103', 'F', '2023', 120),
      `dataflow,${ID},I,resident-population,520103,F,,2024,7,,`,
    );
    expect(m.errors).toEqual([
      { row: 5, field: 'figures[2]', reason: 'repeats the observation of row 2 (the same RETURN_KIND, REF_AREA, TIME_PERIOD, SEX and AGE): give each observation once' },
      // A blank AGE is all ages, as _T.
      { row: 8, field: 'figures[4]', reason: expect.stringMatching(/^repeats the observation of row 2 /) },
    ]);
  });

  it('names each return of an unknown kind, and the rows missing what identifies their return', () => {
    const m = message(
      HEADER,
      row('no-such-kind', '520103', 'F', '2024', 1),
      row('resident-population', '520103', 'F', '2024', 1),
      row('no-such-kind', '520102', 'F', '2024', 1),
      `dataflow,${ID},I,resident-population,,F,_T,2024,1,,`,
      `dataflow,${ID},I,resident-population,520103,M,_T,,x,,`,
    );
    expect(m.errors).toEqual([
      { row: 5, column: 'REF_AREA', field: 'area', reason: 'is required' },
      { row: 6, column: 'TIME_PERIOD', field: 'period', reason: 'is required' },
      { row: 6, column: 'OBS_VALUE', field: 'figures[0].value', reason: 'must be a number' },
      { row: 2, column: 'RETURN_KIND', field: 'RETURN_KIND', reason: 'is not a return kind of the statistics bureau (see CL_RETURN_KIND)' },
      { row: 4, column: 'RETURN_KIND', field: 'RETURN_KIND', reason: 'is not a return kind of the statistics bureau (see CL_RETURN_KIND)' },
    ]);
    expect(m.returns.map((r) => r.rowNumbers)).toEqual([[2], [3], [4], [5], [6]]);
  });

  it('checks UNIT_MEASURE against each row’s own kind', () => {
    const m = message(
      `${HEADER},UNIT_MEASURE`,
      `dataflow,${ID},I,resident-population,520103,_T,_T,2024,10,,,persons`,
      `dataflow,${ID},I,tap-water-coverage,520103,_T,_T,2024,98.5,985,1000,percent`,
      `dataflow,${ID},I,tap-water-coverage,520102,_T,_T,2024,98.5,985,1000,persons`,
    );
    expect(m.errors).toEqual([{ row: 4, column: 'UNIT_MEASURE', field: 'unit', reason: 'must be percent, the unit of this return kind (or left empty)' }]);
  });
});

describe('locating the returns API’s errors in the message', () => {
  const at = { rowNumbers: [2, 3, 5], levelRows: new Map([['REF_AREA', 2], ['TIME_PERIOD', 2]]) };

  it('puts a figure’s field at its row and SDMX column, the return’s area and period where they were read, and the rest at its first row', () => {
    expect(locateReturnErrors([
      { field: 'figures[2].value', reason: 'must not be less than 0' },
      { field: 'figures[1]', reason: 'repeats the cell F/all ages of figures[0]' },
      { field: 'period', reason: 'must not be in the future' },
      { field: 'note', reason: 'x' },
    ], at)).toEqual([
      { row: 5, column: 'OBS_VALUE', field: 'figures[2].value', reason: 'must not be less than 0' },
      { row: 3, field: 'figures[1]', reason: 'repeats the cell F/all ages of figures[0]' },
      { row: 2, column: 'TIME_PERIOD', field: 'period', reason: 'must not be in the future' },
      { row: 2, field: 'note', reason: 'x' },
    ]);
  });

  it('merges without repeating a cell the reader already refused, sorted by row and column', () => {
    const reader = [{ row: 3, column: 'SEX', field: 'figures[1].sex', reason: 'must be a code of CL_SEX: F, M or _T' }];
    const api = [{ row: 3, column: 'SEX', field: 'figures[1].sex', reason: 'is required' }, { row: 2, column: 'OBS_VALUE', field: 'figures[0].value', reason: 'too big' }];
    expect(mergeRowErrors(reader, api)).toEqual([api[1], reader[0]]);
  });

  it('puts a batch’s errors (returns[i]…) at the rows of the i-th return, a return’s own error at its first row', () => {
    const returns = [
      { rowNumbers: [2, 4], levelRows: new Map([['RETURN_KIND', 2], ['REF_AREA', 2], ['TIME_PERIOD', 2]]) },
      { rowNumbers: [3, 5, 6], levelRows: new Map([['RETURN_KIND', 3], ['REF_AREA', 3], ['TIME_PERIOD', 3]]) },
    ];
    expect(locateBatchErrors([
      { field: 'returns[1].figures[2].value', reason: 'must not be less than 0' },
      { field: 'returns[0].period', reason: 'a return for this area and period already exists' },
      { field: 'returns[1].figures', reason: 'breaks VR-01' },
      { field: 'returns[1]', reason: 'must be a JSON object' },
      { field: 'Idempotency-Key', reason: 'reused' },
    ], returns)).toEqual([
      { row: 6, column: 'OBS_VALUE', field: 'figures[2].value', reason: 'must not be less than 0' },
      { row: 2, column: 'TIME_PERIOD', field: 'period', reason: 'a return for this area and period already exists' },
      { row: 3, field: 'figures', reason: 'breaks VR-01' },
      { row: 3, field: '(body)', reason: 'must be a JSON object' },
      { field: 'Idempotency-Key', reason: 'reused' },
    ]);
  });

  it('keeps one report of a repeated observation: the reader’s, with both rows, not the API’s with indexes', () => {
    const reader = [{ row: 5, field: 'figures[2]', reason: 'repeats the observation of row 2 (…)' }];
    const api = [{ row: 5, field: 'figures[2]', reason: 'repeats the cell F/all ages of figures[0]' }, { row: 5, field: 'figures[3]', reason: 'other' }];
    expect(mergeRowErrors(reader, api)).toEqual([reader[0], api[1]]);
  });
});
