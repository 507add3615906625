import { INDICATORS } from '@wdp/indicators';
import { ingestionMigrations } from '@wdp/ingestion';
import { createTestDatabase, testDataSource, type TestDatabase } from '@wdp/testing';
import type { DataSource, EntityManager } from 'typeorm';
import { monitoringMigrations } from '../database/migrations';
import { buildCatalogueIndex } from '../indicator-store/catalogue-index';
import { AREAS, birth, COMMUNITY, DISTRICT, OTHER_COMMUNITY, OTHER_STREET, recorded, STREET } from '../test-support/fixtures';
import type { FactDelta } from './fact-delta';
import { FactRepository } from './fact.repository';
import { recordBatchEffect } from './record-deltas';

describe('FactRepository.addDeltas', () => {
  let db: TestDatabase;
  let ds: DataSource;
  const repository = new FactRepository();
  const rows = async (): Promise<FactDelta[]> =>
    ds.query(`SELECT input_key AS "inputKey", area_code AS "areaCode", period, granularity, year, sex, age_band AS "ageBand", count::float8 AS count
                FROM record_fact ORDER BY input_key, area_code, period, sex, age_band`);

  beforeAll(async () => {
    db = await createTestDatabase('mon_fact_deltas');
    ds = await testDataSource(db.url, [...monitoringMigrations, ...ingestionMigrations]);
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('stores each cell with the granularity and year of its period, and adds to the cells it meets again', async () => {
    const index = buildCatalogueIndex(INDICATORS);
    const enrolment = {
      recordId: 's1', revision: 1, operation: 'recorded' as const, department: 'social-security', previous: null,
      current: { kind: 'insurance-enrolment', area: COMMUNITY, period: '2024-06', sex: 'F' as const, ageBand: '30-34', count: 120, attributes: { scheme: 'maternity', coverageType: 'employee' } },
    };
    const { deltas } = recordBatchEffect([recorded(birth({ period: '2023-11' })), recorded(birth({ period: '2024-02', sex: 'M' })), enrolment], index, AREAS);
    expect(new Set(deltas.map((d) => d.granularity))).toEqual(new Set(['Y', 'Q', 'M']));
    for (let i = 0; i < 2; i++) await ds.transaction((manager) => repository.addDeltas(manager, deltas));
    const key = (d: FactDelta) => [d.inputKey, d.areaCode, d.period, d.sex, d.ageBand].join('|');
    const byKey = (list: FactDelta[]) => [...list].sort((a, b) => (key(a) < key(b) ? -1 : 1));
    expect(byKey(await rows())).toEqual(byKey(deltas.map((d) => ({ ...d, count: 2 * d.count }))));
  });
});

describe('FactRepository.forEvaluation', () => {
  let db: TestDatabase;
  let ds: DataSource;
  const repository = new FactRepository();
  const index = buildCatalogueIndex(INDICATORS);
  const enrolment = (period: string, count: number) => ({
    recordId: `s-${period}-${count}`, revision: 1, operation: 'recorded' as const, department: 'social-security', previous: null,
    current: { kind: 'insurance-enrolment', area: COMMUNITY, period, sex: 'F' as const, ageBand: '30-34', count, attributes: { scheme: 'maternity', coverageType: 'employee' } },
  });
  // Births and a snapshot kind over several years, in two streets' communities: months, quarters and years of
  // the communities, the streets and the district.
  const { deltas } = recordBatchEffect(
    [
      ...[2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024].flatMap((y) => [
        recorded(birth({ period: `${y}-02` })), recorded(birth({ period: `${y}-11`, sex: 'M' })), recorded(birth({ period: `${y}-07`, area: OTHER_COMMUNITY, ageBand: '30-34' })),
      ]),
      enrolment('2019-05', 40), enrolment('2022-03', 55), enrolment('2024-06', 70),
    ],
    index, AREAS,
  );
  const snapshotKeys = [...new Set(deltas.filter((d) => d.inputKey.startsWith('social-security/')).map((d) => d.inputKey))];
  const inputKeys = [...new Set(deltas.map((d) => d.inputKey))];
  const assessed = [DISTRICT, STREET, OTHER_STREET];
  const key = (d: FactDelta) => [d.inputKey, d.areaCode, d.period, d.sex, d.ageBand].join('|');
  const sorted = (list: FactDelta[]) => [...list].sort((a, b) => (key(a) < key(b) ? -1 : 1));

  /** The statement forEvaluation sends, run under `settings` (SET LOCAL …), with its rows and its plan's index names. */
  async function readUnder(fromYear: number | null, settings: string[]): Promise<{ rows: FactDelta[]; indexes: Set<string> }> {
    return ds.transaction(async (manager) => {
      for (const s of settings) await manager.query(`SET LOCAL ${s}`);
      const sent: { sql: string; params: unknown[] }[] = [];
      const recording = { query: (sql: string, params: unknown[]) => (sent.push({ sql, params }), manager.query(sql, params)) } as unknown as EntityManager;
      const rows = await repository.forEvaluation(recording, inputKeys, snapshotKeys, assessed, fromYear);
      const [{ 'QUERY PLAN': plan }] = await manager.query(`EXPLAIN (FORMAT JSON) ${sent[0].sql}`, sent[0].params);
      const indexes = new Set<string>();
      const walk = (node: { 'Index Name'?: string; Plans?: unknown[] }) => {
        if (node['Index Name']) indexes.add(node['Index Name']);
        for (const child of node.Plans ?? []) walk(child as typeof node);
      };
      walk(plan[0].Plan);
      return { rows, indexes };
    });
  }

  beforeAll(async () => {
    db = await createTestDatabase('mon_fact_evaluation');
    ds = await testDataSource(db.url, [...monitoringMigrations, ...ingestionMigrations]);
    await ds.transaction((manager) => repository.addDeltas(manager, deltas));
    await ds.query('ANALYZE record_fact');
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  // Every year: the read a full recompute makes. The index is what keeps it to the assessed areas' yearly rows (the primary
  // key cannot: a series' yearly rows lie between its months and quarters). From a year: the pkey's period range or
  // the index, whichever is cheaper, so only the rows are checked.
  it.each([
    ['every year', null, true],
    ['from 2021', 2021, false],
  ])('reads %s of the assessed areas exactly the rows a scan of the whole table reads', async (_label, fromYear, throughYearRows) => {
    // What the evaluation reads: yearly rows of summed inputs and monthly rows of snapshot inputs, in the areas asked for.
    const expected = deltas.filter(
      (d) => assessed.includes(d.areaCode) && (fromYear === null || d.year >= fromYear) && (snapshotKeys.includes(d.inputKey) ? d.granularity === 'M' : d.granularity === 'Y'),
    );
    expect(expected.length).toBeGreaterThan(20);
    // The table is tiny, so PostgreSQL would rather scan it: with that off, the plan shows the index it takes.
    const indexed = await readUnder(fromYear, ['enable_seqscan = off']);
    if (throughYearRows) expect(indexed.indexes).toContain('record_fact_year_rows_idx');
    const scanned = await readUnder(fromYear, ['enable_indexscan = off', 'enable_bitmapscan = off']);
    expect(scanned.indexes.size).toBe(0);
    expect(sorted(indexed.rows)).toEqual(sorted(expected));
    expect(sorted(scanned.rows)).toEqual(sorted(expected));
  });
});
