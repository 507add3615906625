/**
 * Cursors are opaque to clients: base64url of a tagged position. The tag says which kind of position it is, so
 * a cursor handed to a list that pages another way is refused instead of misread, and a service may change how
 * it pages a list without changing its contract.
 */
function encode(tag: string, position: string | number): string {
  return Buffer.from(`${tag}:${position}`, 'utf8').toString('base64url');
}

function decode(tag: string, cursor: string): string | undefined {
  const m = new RegExp(`^${tag}:(\\d{1,18})$`).exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  return m ? m[1] : undefined;
}

/**
 * Keyset cursor: the last row's `seq`. For append-heavy lists (departmental records and returns): pages stay
 * stable while rows are added, and a page costs the same however deep it is.
 */
export const seqCursor = {
  encode: (seq: string | number): string => encode('s', seq),
  /** The `seq` after which the next page starts; undefined for a token this API did not issue. */
  decode: (cursor: string): string | undefined => decode('s', cursor),
};

/** Offsets beyond this are refused, so every offset is a valid SQL OFFSET (1,000,000 pages of 500). */
export const MAX_OFFSET = 500_000_000;

/**
 * Offset cursor: how many items precede the next page. For small lists read in a computed order (monitoring's
 * catalogue, assessments, alerts), where no single column orders the rows and the reader also wants a `total`.
 */
export const offsetCursor = {
  encode: (offset: number): string => encode('o', offset),
  decode: (cursor: string): number | undefined => {
    const offset = decode('o', cursor);
    return offset !== undefined && Number(offset) <= MAX_OFFSET ? Number(offset) : undefined;
  },
};
