import { createHash } from 'node:crypto';
import { cellText, type Sheet, type SheetRow } from '@wdp/ingestion';

/** What one request of an upload run sends: a CSV cut of the file and where its rows came from. */
export interface Chunk {
  index: number;
  /** Spreadsheet row numbers of the original file, in chunk order (chunk row r + 2 ↔ rowNumbers[r]). */
  rowNumbers: number[];
  csv: Buffer;
  /** Derived from the kind and the chunk's bytes: a re-run re-sends the same key, so nothing is counted twice. */
  idempotencyKey: string;
}

export type UploadType = 'records' | 'returns';

const csvCell = (s: string) => (/[",\r\n]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** The rows as a CSV file with the original header row; cells are written as the server reads them. */
export function toCsv(headers: string[], rows: SheetRow[]): Buffer {
  const lines = [headers.map(csvCell).join(',')];
  for (const row of rows) {
    lines.push(headers.map((h) => {
      const cell = row.cells.get(h);
      return cell === undefined ? '' : csvCell(cellText(cell, h));
    }).join(','));
  }
  return Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8');
}

export function chunkKey(kind: string, type: UploadType, csv: Buffer): string {
  return `wdp-upload-${createHash('sha256').update(`${type}\n${kind}\n`).update(csv).digest('hex').slice(0, 48)}`;
}

/**
 * Records: consecutive batches of at most `batchSize` rows. Returns: one request per return, i.e. per
 * (area, period) in the file, blank meaning "as above" as the server reads it; rows of a return need not be adjacent.
 */
export function planChunks(sheet: Sheet, type: UploadType, kind: string, batchSize: number): Chunk[] {
  const groups: SheetRow[][] = [];
  if (type === 'records') {
    for (let i = 0; i < sheet.rows.length; i += batchSize) groups.push(sheet.rows.slice(i, i + batchSize));
  } else {
    const byReturn = new Map<string, SheetRow[]>();
    let area = '';
    let period = '';
    const headerOf = (name: string) => sheet.headers.find((h) => h.toLowerCase() === name) ?? name;
    for (const row of sheet.rows) {
      const a = row.cells.get(headerOf('area'));
      const p = row.cells.get(headerOf('period'));
      if (a !== undefined) area = cellText(a, 'area');
      if (p !== undefined) period = cellText(p, 'period');
      const key = `${area}\u0000${period}`;
      const filled = new Map(row.cells);
      // Each request is a file of its own, so "as above" must be spelled out.
      if (a === undefined && area) filled.set(headerOf('area'), area);
      if (p === undefined && period) filled.set(headerOf('period'), period);
      (byReturn.get(key) ?? byReturn.set(key, []).get(key)!).push({ rowNumber: row.rowNumber, cells: filled });
    }
    groups.push(...byReturn.values());
  }
  return groups.map((rows, index) => {
    const csv = toCsv(sheet.headers, rows);
    return { index, rowNumbers: rows.map((r) => r.rowNumber), csv, idempotencyKey: chunkKey(kind, type, csv) };
  });
}

/** A server error's row (numbered within the chunk's CSV) as the row of the original file. */
export function originalRow(chunk: Chunk, chunkRow: number | undefined): number | undefined {
  if (chunkRow === undefined) return undefined;
  return chunkRow >= 2 ? chunk.rowNumbers[chunkRow - 2] : chunkRow;
}
