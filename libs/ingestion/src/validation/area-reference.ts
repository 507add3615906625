import { statSync, unwatchFile, watchFile } from 'node:fs';
import { loadAreas, resolveAreasFile, type AreaIndex } from '@wdp/contracts';

export interface AreaReferenceLogger {
  log(message: string): void;
  warn(message: string): void;
}

/**
 * The area reference data, read from a file (deploy/reference/areas.json or AREAS_FILE) and reloaded when
 * the file changes, so a new community is accepted without a release. A broken file is reported and the
 * previous data is kept.
 */
export class AreaReference {
  private index: AreaIndex;
  private readonly file: string;
  private watching = false;

  constructor(file?: string, private readonly logger?: AreaReferenceLogger) {
    this.file = resolveAreasFile(file);
    this.index = loadAreas(this.file);
  }

  get current(): AreaIndex {
    return this.index;
  }

  has(code: string): boolean {
    return this.index.has(code);
  }

  /** Re-reads the file; returns the number of areas now known. Throws (keeping the old data) if it is invalid. */
  reload(): number {
    this.index = loadAreas(this.file);
    return this.index.areas.length;
  }

  /** Polls the file's mtime (cheap, works on every filesystem) and reloads on change. */
  watch(intervalMs = 5_000): void {
    if (this.watching) return;
    this.watching = true;
    let last = mtime(this.file);
    watchFile(this.file, { interval: intervalMs, persistent: false }, () => {
      const now = mtime(this.file);
      if (now === last) return;
      last = now;
      try {
        this.logger?.log(`area reference reloaded: ${this.reload()} areas from ${this.file}`);
      } catch (err) {
        this.logger?.warn(`area reference not reloaded, keeping the previous data: ${(err as Error).message}`);
      }
    });
  }

  stop(): void {
    if (this.watching) unwatchFile(this.file);
    this.watching = false;
  }
}

function mtime(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}
