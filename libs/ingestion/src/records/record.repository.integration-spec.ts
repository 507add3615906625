import { newId } from '@wdp/contracts';
import { messagingMigrations } from '@wdp/messaging';
import { createTestDatabase, testDataSource, type TestDatabase } from '@wdp/testing';
import type { DataSource } from 'typeorm';
import { ingestionMigrations } from '../persistence/migrations';
import { RecordRepository, type NewRecordRow } from './record.repository';

const KIND = 'live-birth';
const API_KEY = '0192f0c4-0000-7000-8000-000000000001';

const row = (naturalKey: string, over: Partial<NewRecordRow> = {}): NewRecordRow => ({
  id: newId(), kind: KIND, naturalKey, contentHash: `h-${naturalKey}`, area: '520103001001', period: '2025-03', periodStart: '2025-03-01',
  fact: { kind: KIND, area: '520103001001', period: '2025-03', sex: 'F', count: 1, attributes: {} }, payload: { reference: naturalKey }, subjectRef: null,
  apiKeyId: API_KEY, ...over,
});

describe('RecordRepository', () => {
  const repo = new RecordRepository();
  let db: TestDatabase;
  let ds: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase('ing_record_repo');
    ds = await testDataSource(db.url, [...messagingMigrations, ...ingestionMigrations]);
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('pages a kind in seq order, each row once, across seq values of different lengths (9 → 10 → 100)', async () => {
    const keys = Array.from({ length: 120 }, (_, i) => `PAGE-${String(i).padStart(3, '0')}`);
    // One insert per row, so seq follows the keys' order whatever order unnest() hands rows over in.
    for (const k of keys) await ds.transaction((m) => repo.insertMany(m, [row(k)]));
    const seen: string[] = [];
    const seqs: number[] = [];
    let afterSeq: string | undefined;
    for (;;) {
      const page = await repo.list(ds, { kind: KIND, afterSeq, limit: 7 });
      if (page.length === 0) break;
      seen.push(...page.map((r) => r.naturalKey));
      seqs.push(...page.map((r) => Number(r.seq)));
      afterSeq = page[page.length - 1].seq;
    }
    // Sorting the text alias instead of the column put "10" before "9" and skipped rows behind the cursor.
    expect(seen).toEqual(keys);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  });

  it('filters a page by one area or several, in seq order', async () => {
    const areas = ['520103002001', '520103002002', '520103003001'];
    const keys = Array.from({ length: 12 }, (_, i) => `AREA-${String(i).padStart(2, '0')}`);
    for (const [i, k] of keys.entries()) await ds.transaction((m) => repo.insertMany(m, [row(k, { area: areas[i % 3] })]));
    const listed = async (within: string[]) => (await repo.list(ds, { kind: KIND, areas: within, limit: 100 })).map((r) => r.naturalKey);
    expect(await listed([areas[0]])).toEqual(keys.filter((_, i) => i % 3 === 0));
    expect(await listed([areas[0], areas[2]])).toEqual(keys.filter((_, i) => i % 3 !== 1));
  });

  it('inserts a batch and reports only the keys it inserted: a key already stored is skipped, not overwritten', async () => {
    const first = await ds.transaction((m) => repo.insertMany(m, [row('DUP-1'), row('DUP-2')]));
    expect([...first].sort()).toEqual(['DUP-1', 'DUP-2']);
    const second = await ds.transaction((m) => repo.insertMany(m, [row('DUP-2', { contentHash: 'other' }), row('DUP-3')]));
    expect([...second]).toEqual(['DUP-3']);
    const [stored] = await repo.findByNaturalKeys(ds, KIND, ['DUP-2']);
    expect(stored.contentHash).toBe('h-DUP-2');
  });

  it('inserts a large batch (through COPY) with the same rule: stored keys skipped, only new ones reported', async () => {
    await ds.transaction((m) => repo.insertMany(m, [row('BIG-0007', { contentHash: 'first' })]));
    const batch = Array.from({ length: 2_500 }, (_, i) => row(`BIG-${String(i).padStart(4, '0')}`));
    const inserted = await ds.transaction((m) => repo.insertMany(m, batch));
    expect(inserted.size).toBe(2_499);
    expect(inserted.has('BIG-0007')).toBe(false);
    const [kept] = await repo.findByNaturalKeys(ds, KIND, ['BIG-0007']);
    expect(kept.contentHash).toBe('first');
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM records WHERE natural_key LIKE 'BIG-%'`);
    expect(n).toBe(2_500);
  });

  it('takes two large batches in one transaction', async () => {
    const batch = (tag: string) => Array.from({ length: 1_200 }, (_, i) => row(`TWICE-${tag}-${i}`));
    const sizes = await ds.transaction(async (m) => [(await repo.insertMany(m, batch('a'))).size, (await repo.insertMany(m, batch('b'))).size]);
    expect(sizes).toEqual([1_200, 1_200]);
  });

  it('stores a row alike whether it came in a small batch or a large one, odd characters and nulls included', async () => {
    const odd = (key: string, subjectRef: string | null): NewRecordRow =>
      row(key, { subjectRef, payload: { reference: key, note: 'tab\there, line\nbreak, return\r, quote " and back\\slash \\N, 中文' } });
    const stored = async (key: string) =>
      (await ds.query(`SELECT kind, revision, status, area, period, period_start::text, fact::text, payload::text, subject_ref, api_key_id
                         FROM records WHERE natural_key = $1`, [key]))[0];
    await ds.transaction((m) => repo.insertMany(m, [odd('ALIKE-small', null)]));
    await ds.transaction((m) => repo.insertMany(m, [odd('ALIKE-large', null), ...Array.from({ length: 1_100 }, (_, i) => row(`ALIKE-fill-${i}`))]));
    const small = await stored('ALIKE-small');
    const large = await stored('ALIKE-large');
    expect(JSON.parse(large.payload).note).toBe('tab\there, line\nbreak, return\r, quote " and back\\slash \\N, 中文');
    expect({ ...large, payload: JSON.parse(large.payload).note }).toEqual({ ...small, payload: JSON.parse(small.payload).note });
    expect(large.subject_ref).toBeNull();
  });

  it('stores every column as given, the documents as JSON text', async () => {
    const r = row('COLS-1', { subjectRef: 'psn-1', payload: { reference: 'COLS-1', note: 'tab\there, quote " and back\\slash, 中文' } });
    await ds.transaction((m) => repo.insertMany(m, [r]));
    const [stored] = await ds.query(
      `SELECT id, kind, natural_key, revision, status, content_hash, area, period, period_start::text, fact::text, payload::text, subject_ref, api_key_id
         FROM records WHERE natural_key = 'COLS-1'`,
    );
    expect(stored).toEqual({
      id: r.id, kind: KIND, natural_key: 'COLS-1', revision: 1, status: 'active', content_hash: r.contentHash, area: r.area, period: r.period,
      period_start: '2025-03-01', fact: JSON.stringify(r.fact), payload: JSON.stringify(r.payload), subject_ref: 'psn-1', api_key_id: API_KEY,
    });
  });
});
