import { originalRow, type Chunk } from './plan';

export interface RowError {
  row?: number;
  column?: string;
  field: string;
  reason: string;
}

/** Totals of a run; the outcome of each chunk is folded in as it arrives. */
export class UploadSummary {
  rows = 0;
  sent = 0;
  created = 0;
  unchanged = 0;
  replayed = 0;
  rejectedRows = 0;
  failedChunks = 0;
  retries = 0;
  /** Wall time of the run, when measured. */
  elapsedMs?: number;
  readonly errors: RowError[] = [];

  constructor(readonly dryRun: boolean) {}

  /** Folds one answer in. Records answer `{ created, unchanged }`; a return answers `{ outcome }`. */
  add(chunk: Chunk, status: number, body: unknown, replayed: boolean): void {
    this.sent += chunk.rowNumbers.length;
    if (replayed) this.replayed++;
    const b = (body ?? {}) as { created?: number; unchanged?: number; outcome?: string; errors?: RowError[]; detail?: string; title?: string };
    if (status === 200 || status === 201) {
      // A replayed answer is what an earlier run did: its rows are already there now.
      if (replayed) this.unchanged += typeof b.created === 'number' ? b.created + (b.unchanged ?? 0) : 1;
      else if (typeof b.created === 'number') {
        this.created += b.created;
        this.unchanged += b.unchanged ?? 0;
      } else if (b.outcome === 'created' || b.outcome === 'would-create') this.created++;
      else if (b.outcome === 'unchanged') this.unchanged++;
      return;
    }
    this.failedChunks++;
    this.rejectedRows += chunk.rowNumbers.length;
    const errors = Array.isArray(b.errors) && b.errors.length ? b.errors : [{ field: '(request)', reason: `HTTP ${status}: ${b.detail ?? b.title ?? JSON.stringify(body)}` }];
    for (const e of errors) {
      const row = originalRow(chunk, e.row);
      this.errors.push({ ...(row !== undefined ? { row } : {}), ...(e.column ? { column: e.column } : {}), field: e.field, reason: e.reason });
    }
  }

  get ok(): boolean {
    return this.failedChunks === 0 && this.sent === this.rows;
  }

  format(firstErrors = 10): string {
    const unit = this.dryRun ? 'would create' : 'created';
    const lines = [
      `${this.dryRun ? 'Dry run: ' : ''}rows in file ${this.rows}, sent ${this.sent}, ${unit} ${this.created}, unchanged ${this.unchanged}, rejected ${this.rejectedRows}` +
        ` (${this.failedChunks} failed request${this.failedChunks === 1 ? '' : 's'}, ${this.retries} retr${this.retries === 1 ? 'y' : 'ies'}, ${this.replayed} replayed)`,
    ];
    if (this.elapsedMs !== undefined) {
      const seconds = this.elapsedMs / 1000;
      lines.push(`Took ${seconds.toFixed(1)} s (${Math.round(this.sent / Math.max(seconds, 0.001))} rows/s).`);
    }
    if (this.errors.length) {
      lines.push(`First ${Math.min(firstErrors, this.errors.length)} of ${this.errors.length} errors:`);
      for (const e of this.errors.slice(0, firstErrors)) {
        lines.push(`  ${e.row !== undefined ? `row ${e.row}` : 'file'}${e.column ? `, column ${e.column}` : ''}: ${e.reason}${e.column ? '' : ` (${e.field})`}`);
      }
      lines.push('Rejected requests wrote nothing; fix those rows and run again (rows already stored come back unchanged).');
    }
    return lines.join('\n');
  }
}
