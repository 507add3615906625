import { INDICATORS } from '@wdp/indicators';
import { ingestionMigrations } from '@wdp/ingestion';
import { createTestDatabase, testDataSource, type TestDatabase } from '@wdp/testing';
import type { DataSource } from 'typeorm';
import { monitoringMigrations } from '../database/migrations';
import { buildCatalogueIndex } from '../indicator-store/catalogue-index';
import { AREAS, birth, COMMUNITY, recorded } from '../test-support/fixtures';
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
