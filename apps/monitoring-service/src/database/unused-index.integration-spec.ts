import { ingestionMigrations } from '@wdp/ingestion';
import { createTestDatabase, testDataSource, type TestDatabase } from '@wdp/testing';
import type { DataSource } from 'typeorm';
import { monitoringMigrations } from './migrations';
import { DropUnusedIndicatorDomainIndex1765300000100 } from './unused-index.migrations';

describe('unused index migrations', () => {
  let db: TestDatabase;
  let ds: DataSource;
  const indexes = async (): Promise<string[]> =>
    (await ds.query(`SELECT indexname FROM pg_indexes WHERE tablename = 'indicator' ORDER BY 1`)).map((r: { indexname: string }) => r.indexname);

  beforeAll(async () => {
    db = await createTestDatabase('mon_unused_index');
    ds = await testDataSource(db.url, [...monitoringMigrations, ...ingestionMigrations]);
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('leaves `indicator` with its primary key alone, and down() puts the domain index back', async () => {
    expect(await indexes()).toEqual(['indicator_pkey']);
    const qr = ds.createQueryRunner();
    try {
      await new DropUnusedIndicatorDomainIndex1765300000100().down(qr);
      expect(await indexes()).toEqual(['indicator_domain_idx', 'indicator_pkey']);
      await new DropUnusedIndicatorDomainIndex1765300000100().up(qr);
      expect(await indexes()).toEqual(['indicator_pkey']);
    } finally {
      await qr.release();
    }
  });
});
