import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { ProblemException } from '../http/problem.exception';
import { MAX_OFFSET, offsetCursor, seqCursor } from './cursor';
import { countedPage, offsetPaging } from './offset-paging';
import { cursorPageQuery, withPageAliases, type PageAliasQuery } from './page-query';

const LIMITS = { defaultLimit: 50, maxLimit: 500 };

/** The problem a call throws, as the client sees it. */
function problemOf(call: () => unknown) {
  try {
    call();
  } catch (err) {
    if (err instanceof ProblemException) return err.problem;
    throw err;
  }
  throw new Error('expected a problem');
}

describe('cursors', () => {
  it('keeps the keyset cursors departmental clients already hold', () => {
    expect(seqCursor.decode('czoxMDA')).toBe('100');
    expect(seqCursor.decode(seqCursor.encode('9007199254740993'))).toBe('9007199254740993');
  });

  it('refuses a cursor of the other kind, or one that is not a cursor at all', () => {
    expect(offsetCursor.decode(seqCursor.encode(100))).toBeUndefined();
    expect(seqCursor.decode(offsetCursor.encode(100))).toBeUndefined();
    expect(offsetCursor.decode('not-a-cursor')).toBeUndefined();
    expect(offsetCursor.decode(Buffer.from('o:-5').toString('base64url'))).toBeUndefined();
  });

  it('keeps an offset a valid SQL OFFSET', () => {
    expect(offsetCursor.decode(offsetCursor.encode(MAX_OFFSET))).toBe(MAX_OFFSET);
    expect(offsetCursor.decode(offsetCursor.encode(MAX_OFFSET + 1))).toBeUndefined();
    expect(offsetCursor.decode(Buffer.from('o:100000000000000000').toString('base64url'))).toBeUndefined();
  });
});

describe('offsetPaging', () => {
  it('reads limit + cursor, and page + pageSize as their aliases, to the same page', () => {
    const second = offsetCursor.encode(20);
    expect(offsetPaging({ limit: 20, cursor: second }, LIMITS)).toEqual({ limit: 20, offset: 20 });
    expect(offsetPaging({ pageSize: 20, page: 2 }, LIMITS)).toEqual({ limit: 20, offset: 20 });
    expect(offsetPaging({ limit: 20, page: 2 }, LIMITS)).toEqual({ limit: 20, offset: 20 });
    expect(offsetPaging({ pageSize: 20, cursor: second }, LIMITS)).toEqual({ limit: 20, offset: 20 });
    expect(offsetPaging({}, LIMITS)).toEqual({ limit: 50, offset: 0 });
  });

  it('answers 422 naming the parameter: a foreign cursor, or a parameter beside its own alias', () => {
    expect(problemOf(() => offsetPaging({ cursor: seqCursor.encode(100) }, LIMITS))).toMatchObject({
      status: 422, errors: [{ field: 'cursor', reason: 'is not a cursor this API returned' }],
    });
    expect(problemOf(() => offsetPaging({ cursor: offsetCursor.encode(10), page: 2, limit: 5, pageSize: 5 }, LIMITS))).toMatchObject({
      status: 422, errors: [{ field: 'page' }, { field: 'pageSize' }],
    });
  });
});

describe('countedPage', () => {
  it('hands out the next cursor until the total is reached, and echoes the page it would have been', () => {
    const first = countedPage({ limit: 20, offset: 0 }, 45, ['a']);
    expect(first).toMatchObject({ page: 1, pageSize: 20, total: 45 });
    expect(offsetCursor.decode(first.nextCursor!)).toBe(20);
    expect(countedPage({ limit: 20, offset: 40 }, 45, ['z'])).toMatchObject({ page: 3, nextCursor: null });
    expect(countedPage({ limit: 20, offset: 0 }, 20, []).nextCursor).toBeNull();
  });
});

describe('the query classes', () => {
  const Query = withPageAliases(cursorPageQuery(LIMITS, offsetCursor.encode(50)), LIMITS);
  const fieldsOf = (raw: Record<string, string>) => validateSync(plainToInstance(Query, raw) as object).map((e) => e.property);

  it('bounds every number and names the parameter that is out of bounds', () => {
    expect(fieldsOf({ limit: '500', page: '1000000' })).toEqual([]);
    expect(fieldsOf({ limit: '0' })).toEqual(['limit']);
    expect(fieldsOf({ limit: '501' })).toEqual(['limit']);
    expect(fieldsOf({ pageSize: 'x' })).toEqual(['pageSize']);
    expect(fieldsOf({ page: '1000001' })).toEqual(['page']);
    expect(fieldsOf({ cursor: 'x'.repeat(65) })).toEqual(['cursor']);
  });

  it('turns query strings into numbers', () => {
    expect(plainToInstance(Query, { limit: '7', page: '3' }) as PageAliasQuery).toMatchObject({ limit: 7, page: 3 });
  });
});
