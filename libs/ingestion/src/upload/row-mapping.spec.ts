import { recordKind, returnKind } from '@wdp/contracts';
import ExcelJS from 'exceljs';
import { recordKindFromDefinition } from '../records/record-dto.factory';
import { returnKindFromDefinition } from '../returns/return-kind';
import { recordColumns, returnColumns, type Column } from './columns';
import { coerce, echoableHeader, locate, mapRecordRows, mapReturnRows, MAX_ECHOED_HEADER, resolveHeaders } from './row-mapping';
import { decodeText, formatOf, readCsv, readXlsx } from './spreadsheet';
import { csvTemplate, xlsxTemplate } from './templates';

const completed = recordKindFromDefinition(recordKind('health', 'pregnancy-completed')!);
const completedColumns = recordColumns(completed, 'health');
const literacyColumns = returnColumns(returnKindFromDefinition(returnKind('health', 'health-literacy')!));
const col = (columns: Column[], header: string) => columns.find((c) => c.header === header)!;

describe('columns', () => {
  it('flattens the item DTO: base fields, sex, ageBand|age, count, attributes.<name>', () => {
    expect(completedColumns.map((c) => c.header)).toEqual([
      'reference', 'subjectRef', 'area', 'period', 'occurredOn', 'sex', 'ageBand', 'age', 'count',
      'attributes.registeredFirstTrimester', 'attributes.prenatalVisits', 'attributes.postpartumVisit',
      'attributes.systematicallyManaged', 'attributes.highRisk', 'attributes.residence',
    ]);
    expect(col(completedColumns, 'attributes.prenatalVisits')).toMatchObject({ type: 'integer', required: true, path: ['attributes', 'prenatalVisits'] });
    expect(col(completedColumns, 'attributes.residence').required).toBe(false);
    expect(col(completedColumns, 'ageBand')).toMatchObject({ oneOf: 'ageBand|age', required: false, type: 'enum' });
    expect(col(completedColumns, 'count').type).toBe('integer'); // enum [1], but a number in JSON
  });

  it('a return sheet is area, period, one figure per row, then an optional note', () => {
    expect(literacyColumns.map((c) => `${c.header}${c.returnLevel ? '^' : ''}${c.required ? '!' : ''}`)).toEqual([
      'area^!', 'period^!', 'sex!', 'ageBand', 'value!', 'numerator!', 'denominator!', 'note^',
    ]);
  });
});

describe('coerce', () => {
  const int = col(completedColumns, 'attributes.prenatalVisits');
  const bool = col(completedColumns, 'attributes.highRisk');
  const sex = col(literacyColumns, 'sex');
  const period = col(completedColumns, 'period');
  const area = col(completedColumns, 'area');
  const value = col(literacyColumns, 'value');

  it.each([
    [int, '7', 7], [int, 7, 7], [int, '7.0', 7], [int, ' 7', { error: 'must be a whole number' }], [int, '7.5', { error: 'must be a whole number' }],
    [int, 7.5, { error: 'must be a whole number' }], [int, 'seven', { error: 'must be a whole number' }],
    [value, '25.5', 25.5], [value, 25.5, 25.5], [value, '1e2', 100], [value, '25,5', { error: 'must be a number' }],
    [bool, 'true', true], [bool, 'TRUE', true], [bool, '是', true], [bool, '1', true], [bool, 1, true], [bool, true, true],
    [bool, '否', false], [bool, 'no', false], [bool, 0, false], [bool, 'maybe', { error: 'must be true or false (also accepted: 是/否, yes/no, 1/0)' }],
    [sex, 'F', 'F'], [sex, 'f', 'F'], [sex, '女', 'F'], [sex, '男', 'M'], [sex, '合计', 'T'], [sex, 'X', 'X'],
    [period, new Date(Date.UTC(2025, 6, 1)), '2025-07'], [area, 520103001001, '520103001001'], [period, '2025-07', '2025-07'],
  ])('%#: %p %p', (column, cell, expected) => {
    const out = coerce(cell as never, column as Column);
    expect(out).toEqual(typeof expected === 'object' && expected !== null ? expected : { value: expected });
  });

  it('a date cell outside the period column is a calendar date', () => {
    expect(coerce(new Date(Date.UTC(2025, 6, 14)), col(completedColumns, 'occurredOn'))).toEqual({ value: '2025-07-14' });
  });
});

describe('headers', () => {
  it('reports unknown, repeated and missing columns at row 1, and a missing ageBand|age group once', () => {
    const { errors } = resolveHeaders(['Reference', 'area', 'area', 'colour', 'period'], completedColumns);
    expect(errors).toEqual(expect.arrayContaining([
      expect.objectContaining({ row: 1, column: 'colour', reason: expect.stringContaining('is not a column of this kind') }),
      expect.objectContaining({ row: 1, column: 'area', reason: 'column area appears twice (column 3)' }),
      expect.objectContaining({ row: 1, column: 'attributes.prenatalVisits', reason: 'required column is missing' }),
      expect.objectContaining({ row: 1, column: 'ageBand', reason: 'one of the columns ageBand or age is needed' }),
    ]));
    expect(errors.find((e) => e.column === 'reference')).toBeUndefined(); // matched case-insensitively
    expect(errors.find((e) => e.column === 'subjectRef')).toBeUndefined(); // optional
  });

  it('names an unknown header by its position, and repeats it only when short and free of resident ID numbers', () => {
    const hostile = ['11010519491231002X', 'id 110105\u200b19491231\u200b002X', '１１０１０５１９４９１２３１００２X', 'x'.repeat(65), 'a\u0000b'];
    const { errors } = resolveHeaders(['reference', 'area', 'period', 'ageBand', ...hostile, 'colour'], completedColumns);
    const unknown = errors.filter((e) => e.field === '(header)');
    expect(unknown.map((e) => e.reason.match(/column (\d+)/)?.[1])).toEqual(['5', '6', '7', '8', '9', '10']);
    expect(unknown.slice(0, 5).every((e) => e.column === undefined)).toBe(true);
    expect(unknown[5]).toMatchObject({ column: 'colour', reason: expect.stringContaining('(column 10) is not a column of this kind') });
    const text = JSON.stringify(errors);
    expect(text).not.toMatch(/1949|１９４９|xxxxx/);
    expect(echoableHeader('x'.repeat(MAX_ECHOED_HEADER))).toBe(true);
  });
});

describe('rows to items', () => {
  const header = 'reference,area,period,age,attributes.registeredFirstTrimester,attributes.prenatalVisits,attributes.postpartumVisit,attributes.systematicallyManaged,attributes.highRisk';
  const csv = [header, 'PC-1,520103001001,2025-07,31,是,8,否,1,0', '', 'PC-2,520103001001,2025-07,x,true,eight,no,yes,maybe', ',,,,,,,,'].join('\n');

  it('maps each data row to an item, skips blank rows, and locates unreadable cells by row number and column', () => {
    const sheet = readCsv(Buffer.from(csv));
    const { byHeader } = resolveHeaders(sheet.headers, completedColumns);
    const mapped = mapRecordRows(sheet, byHeader);
    expect(mapped.rowNumbers).toEqual([2, 4]);
    expect(mapped.body.items[0]).toEqual({
      reference: 'PC-1', area: '520103001001', period: '2025-07', age: 31,
      attributes: { registeredFirstTrimester: true, prenatalVisits: 8, postpartumVisit: false, systematicallyManaged: true, highRisk: false },
    });
    expect(mapped.errors).toEqual([
      { row: 4, column: 'age', field: 'items[1].age', reason: 'must be a whole number' },
      { row: 4, column: 'attributes.prenatalVisits', field: 'items[1].attributes.prenatalVisits', reason: 'must be a whole number' },
      { row: 4, column: 'attributes.highRisk', field: 'items[1].attributes.highRisk', reason: expect.stringContaining('must be true or false') },
    ]);
  });

  it('translates pipeline errors (items[i].path) to spreadsheet rows and columns', () => {
    const located = locate([
      { field: 'items[1].attributes.prenatalVisits', row: 1, reason: 'must not be less than 0' },
      { field: 'items[0].(record)', row: 0, reason: 'inconsistent' },
      { field: 'Idempotency-Key', reason: 'bad' },
    ], { array: 'items', rowNumbers: [2, 4], columns: completedColumns });
    expect(located).toEqual([
      { row: 4, column: 'attributes.prenatalVisits', field: 'items[1].attributes.prenatalVisits', reason: 'must not be less than 0' },
      { row: 2, field: 'items[0].(record)', reason: 'inconsistent' },
      { field: 'Idempotency-Key', reason: 'bad' },
    ]);
  });
});

describe('a return sheet', () => {
  const header = 'area,period,sex,value,numerator,denominator';

  it('is one return: area and period from the rows (blank = as above), one figure per row', () => {
    const sheet = readCsv(Buffer.from([header, '520103,2024,女,25.5,255,1000', ',,M,23.4,234,1000'].join('\r\n')));
    const mapped = mapReturnRows(sheet, resolveHeaders(sheet.headers, literacyColumns).byHeader);
    expect(mapped.errors).toEqual([]);
    expect(mapped.body).toEqual({ area: '520103', period: '2024', figures: [{ sex: 'F', value: 25.5, numerator: 255, denominator: 1000 }, { sex: 'M', value: 23.4, numerator: 234, denominator: 1000 }] });
    expect(locate([{ field: 'figures[1].value', row: 1, reason: 'r' }, { field: 'period', reason: 'p' }], { array: 'figures', rowNumbers: mapped.rowNumbers, columns: literacyColumns, fieldRows: mapped.fieldRows }))
      .toEqual([{ row: 3, column: 'value', field: 'figures[1].value', reason: 'r' }, { row: 2, column: 'period', field: 'period', reason: 'p' }]);
  });

  it('a second area or period is an error at the row that differs', () => {
    const sheet = readCsv(Buffer.from([header, '520103,2024,F,25.5,255,1000', '520103,2023,M,23.4,234,1000'].join('\n')));
    const mapped = mapReturnRows(sheet, resolveHeaders(sheet.headers, literacyColumns).byHeader);
    expect(mapped.errors).toEqual([expect.objectContaining({ row: 3, column: 'period', field: 'period', reason: expect.stringContaining('differs from row 2 (2024)') })]);
  });
});

describe('files', () => {
  it('reads UTF-8 with a BOM and GB18030 CSV alike', () => {
    const text = 'area,period,sex,value\n520103,2024,男,1\n';
    const gb = Buffer.from([...Buffer.from('area,period,sex,value\n520103,2024,'), 0xc4, 0xd0, ...Buffer.from(',1\n')]); // 男 in GB18030, not valid UTF-8
    expect(decodeText(gb)).toBe(text);
    expect(readCsv(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)])).headers[0]).toBe('area');
    expect(readCsv(gb).rows[0].cells.get('sex')).toBe('男');
  });

  it('reads the first worksheet of an XLSX with typed cells, row numbers as Excel shows them', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('data');
    ws.addRow(['reference', 'area', 'attributes.highRisk', 'attributes.prenatalVisits']);
    ws.addRow(['R-1', 520103001001, true, 8]);
    ws.addRow([]);
    ws.addRow(['R-2', '520103001001', false, { formula: '2+3', result: 5 }]);
    const sheet = await readXlsx(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(sheet.headers).toEqual(['reference', 'area', 'attributes.highRisk', 'attributes.prenatalVisits']);
    expect(sheet.rows.map((r) => [r.rowNumber, Object.fromEntries(r.cells)])).toEqual([
      [2, { reference: 'R-1', area: 520103001001, 'attributes.highRisk': true, 'attributes.prenatalVisits': 8 }],
      [4, { reference: 'R-2', area: '520103001001', 'attributes.highRisk': false, 'attributes.prenatalVisits': 5 }],
    ]);
  });

  it('templates carry the header row the upload reads; the XLSX documents every column in a second sheet', async () => {
    const info = { kind: 'pregnancy-completed', names: { en: 'Completed pregnancy', zh: '孕产妇' }, type: 'records' as const, columns: completedColumns };
    expect(readCsv(csvTemplate(info)).headers).toEqual(completedColumns.map((c) => c.header));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await xlsxTemplate(info)) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['data', 'columns']);
    expect((await readXlsx(await xlsxTemplate(info))).headers).toEqual(completedColumns.map((c) => c.header));
    const doc = wb.getWorksheet('columns')!;
    expect(doc.rowCount).toBe(2 + completedColumns.length);
    expect(doc.getRow(3 + completedColumns.findIndex((c) => c.header === 'area')).getCell(7).value).toBe('区划代码（见区划参考数据）');
    expect(doc.getRow(3 + completedColumns.findIndex((c) => c.header === 'attributes.highRisk')).getCell(4).value).toContain('是 / 否');
  });

  it('knows the two content types, with parameters', () => {
    expect(formatOf('text/csv; charset=utf-8')).toBe('csv');
    expect(formatOf('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')).toBe('xlsx');
    expect(formatOf('application/json')).toBeUndefined();
  });
});
