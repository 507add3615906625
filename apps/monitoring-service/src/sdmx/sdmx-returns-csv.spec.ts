import { readCsv } from '@wdp/ingestion';
import { NUL_REASON } from '@wdp/platform';
import { locateReturnErrors, mergeRowErrors, readSdmxReturn, sdmxCsvDelimiter } from './sdmx-returns-csv';

const UNITS = new Map([['resident-population', 'persons'], ['tap-water-coverage', 'percent']]);
const ID = 'CN_YUNYAN:WDP_RETURNS(1.0.0)';
const read = (...lines: string[]) => readSdmxReturn(readCsv(Buffer.from(lines.join('\r\n'))), UNITS);
const HEADER = 'STRUCTURE,STRUCTURE_ID,ACTION,RETURN_KIND,REF_AREA,SEX,AGE,TIME_PERIOD,OBS_VALUE,NUMERATOR,DENOMINATOR';

describe('readSdmxReturn: an SDMX-CSV 2.0 message of WDP_RETURNS as one return', () => {
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
    const r = readSdmxReturn(readCsv(data, ';'), UNITS, ';');
    expect(r.errors).toEqual([]);
    expect(r.body.figures).toEqual([{ sex: 'T', value: 98.5, numerator: 985, denominator: 1000 }]);
    expect([sdmxCsvDelimiter(Buffer.from('STRUCTURE[;],STRUCTURE_ID')), sdmxCsvDelimiter(Buffer.from('STRUCTURE\tX')), sdmxCsvDelimiter(Buffer.from('nonsense'))]).toEqual([',', '\t', ',']);
  });

  it('names every bad cell by row and column, without repeating what the cell held', () => {
    const r = read(
      HEADER,
      `datastructure,${ID},I,resident-population,520103,F,_T,2024,1,,`,
      `dataflow,OTHER:FLOW(1.0),I,resident-population,520103,WOMAN,30-34,2024,1e400,,`,
      `dataflow,${ID},D,resident-population,520104,M,_T,2025,x,,`,
    );
    expect(r.errors).toEqual([
      { row: 2, column: 'STRUCTURE', field: 'STRUCTURE', reason: 'must be dataflow' },
      { row: 3, column: 'STRUCTURE_ID', field: 'STRUCTURE_ID', reason: `must be ${ID}` },
      { row: 3, column: 'SEX', field: 'figures[1].sex', reason: 'must be a code of CL_SEX: F, M or _T' },
      { row: 3, column: 'AGE', field: 'figures[1].ageBand', reason: expect.stringMatching(/^must be a code of CL_AGE/) },
      { row: 3, column: 'OBS_VALUE', field: 'figures[1].value', reason: 'must be a number' },
      { row: 4, column: 'ACTION', field: 'ACTION', reason: expect.stringMatching(/^must be I \(information\) or A \(append\)/) },
      { row: 4, column: 'REF_AREA', field: 'area', reason: expect.stringMatching(/^differs from row 2: one message is one return/) },
      { row: 4, column: 'TIME_PERIOD', field: 'period', reason: expect.stringMatching(/^differs from row 2/) },
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

describe('locating the returns API’s errors in the message', () => {
  const at = { rowNumbers: [2, 3, 5], levelRows: new Map([['REF_AREA', 2], ['TIME_PERIOD', 2]]) };

  it('puts a figure’s field at its row and SDMX column, and the return’s area and period where they were read', () => {
    expect(locateReturnErrors([
      { field: 'figures[2].value', reason: 'must not be less than 0' },
      { field: 'figures[1]', reason: 'repeats the cell F/all ages of figures[0]' },
      { field: 'period', reason: 'must not be in the future' },
      { field: 'note', reason: 'x' },
    ], at)).toEqual([
      { row: 5, column: 'OBS_VALUE', field: 'figures[2].value', reason: 'must not be less than 0' },
      { row: 3, field: 'figures[1]', reason: 'repeats the cell F/all ages of figures[0]' },
      { row: 2, column: 'TIME_PERIOD', field: 'period', reason: 'must not be in the future' },
      { field: 'note', reason: 'x' },
    ]);
  });

  it('merges without repeating a cell the reader already refused, sorted by row and column', () => {
    const reader = [{ row: 3, column: 'SEX', field: 'figures[1].sex', reason: 'must be a code of CL_SEX: F, M or _T' }];
    const api = [{ row: 3, column: 'SEX', field: 'figures[1].sex', reason: 'is required' }, { row: 2, column: 'OBS_VALUE', field: 'figures[0].value', reason: 'too big' }];
    expect(mergeRowErrors(reader, api)).toEqual([api[1], reader[0]]);
  });
});
