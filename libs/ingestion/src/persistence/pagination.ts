/** Keyset cursors: the opaque token is the last row's `seq`, so pages stay stable while rows are added. */
export function encodeCursor(seq: string | number): string {
  return Buffer.from(`s:${seq}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): string | undefined {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const m = /^s:(\d{1,18})$/.exec(text);
  return m ? m[1] : undefined;
}

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;
