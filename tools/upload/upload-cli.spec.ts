import { readCsv } from '@wdp/ingestion';
import { postWithRetry, retryDelay, type RetryPolicy } from './http';
import { chunkKey, originalRow, planChunks, toCsv } from './plan';
import { UploadSummary } from './summary';

const sheetOf = (text: string) => readCsv(Buffer.from(text));

describe('planChunks', () => {
  const records = sheetOf(['reference,area,period,note', 'A,1,2025-07,"x, y"', '', 'B,1,2025-07,', 'C,1,2025-07,z', 'D,1,2025-07,'].join('\n'));

  it('cuts records into batches, keeping each row’s original row number and re-reading as the same cells', () => {
    const chunks = planChunks(records, 'records', 'live-birth', 3);
    expect(chunks.map((c) => c.rowNumbers)).toEqual([[2, 4, 5], [6]]);
    const again = readCsv(chunks[0].csv);
    expect(again.headers).toEqual(records.headers);
    expect(again.rows.map((r) => Object.fromEntries(r.cells))).toEqual(records.rows.slice(0, 3).map((r) => Object.fromEntries(r.cells)));
    expect(originalRow(chunks[0], 3)).toBe(4);
    expect(originalRow(chunks[1], 2)).toBe(6);
    expect(originalRow(chunks[1], 1)).toBe(1);
  });

  it('derives keys from the content: the same file gives the same keys, an edited chunk a new one', () => {
    const a = planChunks(records, 'records', 'live-birth', 3);
    const b = planChunks(sheetOf(['reference,area,period,note', 'A,1,2025-07,"x, y"', 'B,1,2025-07,', 'C,1,2025-07,z', 'D,1,2025-08,'].join('\n')), 'records', 'live-birth', 3);
    expect(b[0].idempotencyKey).toBe(a[0].idempotencyKey);
    expect(b[1].idempotencyKey).not.toBe(a[1].idempotencyKey);
    expect(chunkKey('other-kind', 'records', a[0].csv)).not.toBe(a[0].idempotencyKey);
    expect(a[0].idempotencyKey).toMatch(/^wdp-upload-[0-9a-f]{48}$/);
  });

  it('groups a returns file by area and period, spelling out "as above"', () => {
    const sheet = sheetOf(['area,period,sex,value', '520103,2024,F,1', ',,M,2', '520103,2023,F,3', '520103,2024,T,4'].join('\n'));
    const chunks = planChunks(sheet, 'returns', 'life-expectancy', 5000);
    expect(chunks.map((c) => c.rowNumbers)).toEqual([[2, 3, 5], [4]]);
    expect(chunks[0].csv.toString()).toBe('area,period,sex,value\r\n520103,2024,F,1\r\n520103,2024,M,2\r\n520103,2024,T,4\r\n');
  });

  it('writes XLSX dates and numbers as the server reads them', () => {
    const rows = [{ rowNumber: 2, cells: new Map<string, string | number | Date>([['period', new Date(Date.UTC(2025, 6, 1))], ['area', 520103001001], ['note', ' lead']]) }];
    expect(toCsv(['area', 'period', 'note'], rows).toString()).toBe('area,period,note\r\n520103001001,2025-07," lead"\r\n');
  });
});

describe('postWithRetry', () => {
  const policy = (over: Partial<RetryPolicy> = {}): RetryPolicy => ({ retries: 3, baseDelayMs: 100, maxDelayMs: 1000, sleep: async () => undefined, ...over });
  const response = (status: number, body: unknown, headers: Record<string, string> = {}) => new Response(JSON.stringify(body), { status, headers });

  it('retries 503, 429 and network errors, then returns the answer', async () => {
    const answers = [() => Promise.reject(new TypeError('fetch failed')), () => Promise.resolve(response(503, {}, { 'retry-after': '2' })), () => Promise.resolve(response(429, {})), () => Promise.resolve(response(201, { created: 1 }, { 'idempotent-replayed': 'true' }))];
    const delays: number[] = [];
    const fetchImpl = jest.fn(() => answers.shift()!()) as unknown as typeof fetch;
    const out = await postWithRetry('http://x/upload', Buffer.from('a'), {}, policy({ onRetry: (_a, _r, d) => delays.push(d) }), fetchImpl);
    expect(out).toEqual({ status: 201, body: { created: 1 }, attempts: 4, replayed: true });
    expect(delays[1]).toBe(1000); // Retry-After: 2 s, capped at maxDelayMs
  });

  it('does not retry an answer about the data, and gives up after the retries', async () => {
    const once = jest.fn(async () => response(422, { errors: [] })) as unknown as typeof fetch;
    expect((await postWithRetry('http://x', Buffer.from(''), {}, policy(), once)).status).toBe(422);
    expect(once).toHaveBeenCalledTimes(1);
    const down = jest.fn(async () => response(503, {})) as unknown as typeof fetch;
    expect((await postWithRetry('http://x', Buffer.from(''), {}, policy({ retries: 2 }), down)).status).toBe(503);
    expect(down).toHaveBeenCalledTimes(3);
    const gone = jest.fn(async () => { throw new TypeError('fetch failed'); }) as unknown as typeof fetch;
    await expect(postWithRetry('http://x', Buffer.from(''), {}, policy({ retries: 1 }), gone)).rejects.toThrow('network error after 2 attempts');
  });

  it('backs off exponentially with jitter, capped', () => {
    const p = policy();
    expect([1, 2, 3, 4, 5].map((a) => retryDelay(a, p, null, () => 1))).toEqual([100, 200, 400, 800, 1000]);
    expect(retryDelay(3, p, null, () => 0)).toBe(200);
  });
});

describe('UploadSummary', () => {
  it('adds up outcomes and reports rejected rows at their original row numbers', () => {
    const [first, second] = planChunks(sheetOf('reference\nA\nB\nC'), 'records', 'k', 2);
    const s = new UploadSummary(false);
    s.rows = 3;
    s.add(first, 201, { created: 1, unchanged: 1 }, false);
    s.add(second, 422, { errors: [{ row: 2, column: 'sex', field: 'items[0].sex', reason: 'must be one of the following values: F, M' }] }, false);
    expect(s.ok).toBe(false);
    const replay = new UploadSummary(false);
    replay.add(first, 201, { created: 2, unchanged: 0 }, true);
    expect([replay.created, replay.unchanged, replay.replayed]).toEqual([0, 2, 1]);
    expect(s.format()).toBe([
      'rows in file 3, sent 3, created 1, unchanged 1, rejected 1 (1 failed request, 0 retries, 0 replayed)',
      'First 1 of 1 errors:',
      '  row 4, column sex: must be one of the following values: F, M',
      'Rejected requests wrote nothing; fix those rows and run again (rows already stored come back unchanged).',
    ].join('\n'));
  });
});
