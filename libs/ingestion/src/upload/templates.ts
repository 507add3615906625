import ExcelJS from 'exceljs';
import type { Column } from './columns';
import { csvField, neutraliseFormula } from './formula-safety';

export interface TemplateInfo {
  kind: string;
  names: { en: string; zh?: string };
  /** `records` (one row per record) or `returns` (one row per figure of one return). */
  type: 'records' | 'returns';
  columns: Column[];
}

// Cells Excel would otherwise turn into dates or numbers (2025-07, 520103001001, 30-34) are kept as text.
const TEXT_COLUMNS = new Set(['reference', 'subjectRef', 'area', 'period', 'occurredOn', 'ageBand']);

/** The header row only: flattened field names, the same the upload reads. */
export function csvTemplate(info: TemplateInfo): Buffer {
  return Buffer.from(`${info.columns.map((c) => csvField(c.header)).join(',')}\r\n`, 'utf8');
}

function allowed(c: Column): string {
  if (c.values) return c.values.join(', ');
  if (c.type === 'boolean') return 'true / false (是 / 否, 1 / 0)';
  if (c.type === 'integer') return 'whole number 整数';
  if (c.type === 'number') return 'number 数值';
  return '';
}

function requirement(c: Column): string {
  if (c.oneOf) return `one of ${c.oneOf.replace('|', ' / ')} 二选一`;
  return c.required ? 'required 必填' : 'optional 选填';
}

/** Sheet 1 `data`: the header row to fill in. Sheet 2 `columns`: what each column means, in English and Chinese. */
export async function xlsxTemplate(info: TemplateInfo): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Yunyan WDP';
  const data = wb.addWorksheet('data');
  data.addRow(info.columns.map((c) => c.header));
  data.getRow(1).font = { bold: true };
  info.columns.forEach((c, i) => {
    const col = data.getColumn(i + 1);
    col.width = Math.max(12, c.header.length + 2);
    if (TEXT_COLUMNS.has(c.header)) col.numFmt = '@';
  });
  data.views = [{ state: 'frozen', ySplit: 1 }];

  const doc = wb.addWorksheet('columns');
  doc.addRow([`${info.names.en}${info.names.zh ? ` ${info.names.zh}` : ''} (${info.kind}) — ${info.type === 'records' ? 'one row per record 每行一条记录' : 'one row per figure of one return (same area and period on every row) 每行一个数据，全表同一区划和统计期'}`]);
  doc.addRow(['column 列名', 'required 是否必填', 'type 类型', 'allowed values 允许值', 'example 示例', 'description', '说明']);
  doc.getRow(1).font = { bold: true };
  doc.getRow(2).font = { bold: true };
  for (const c of info.columns) {
    // Text is made inert as in every sheet the system writes; a numeric example stays a number.
    const example = c.example === undefined ? '' : typeof c.example === 'number' ? c.example : String(c.example);
    doc.addRow([c.header, requirement(c), c.type, allowed(c), example, c.description, c.descriptionZh ?? ''].map((v) => (typeof v === 'string' ? neutraliseFormula(v) : v)));
  }
  [22, 18, 10, 40, 18, 60, 40].forEach((w, i) => (doc.getColumn(i + 1).width = w));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
