import { ingestionMigrations } from '@wdp/ingestion';
import { createTestDatabase, testDataSource, type TestDatabase } from '@wdp/testing';
import type { DataSource } from 'typeorm';
import { monitoringMigrations } from '../../database/migrations';
import { AlertQueueRepository } from './alert-queue.repository';

// A transaction that applies several partitions' batches mixes a return (a request of one event, complete) with
// record requests still arriving: the return's pair must not wait for them.
describe('AlertQueueRepository: pairs held by the requests of their own group only', () => {
  let db: TestDatabase;
  let ds: DataSource;
  const queue = new AlertQueueRepository();

  beforeAll(async () => {
    db = await createTestDatabase('mon_alert_queue');
    ds = await testDataSource(db.url, [...monitoringMigrations, ...ingestionMigrations]);
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('tags each group’s pairs with that group’s requests, in one statement', async () => {
    await ds.query(`INSERT INTO request_progress (batch_id, expected, arrived) VALUES ('records-a', 6, 2), ('return-b', 1, 1)`);
    await ds.query(`UPDATE request_progress SET completed_at = now() WHERE batch_id = 'return-b'`);
    await ds.transaction((manager) => queue.enqueue(manager, [
      { pairs: [{ indicatorCode: 'HEA-02', areaCode: '520103', fromYear: 2024 }], batchIds: ['records-a'] },
      { pairs: [{ indicatorCode: 'DEC-03', areaCode: '520103', fromYear: 2025 }], batchIds: ['return-b'] },
      { pairs: [{ indicatorCode: 'EDU-01', areaCode: '520103', fromYear: null }], batchIds: [] },
    ], ['00-0123456789abcdef0123456789abcdef-0123456789abcdef-01']));
    const rows = await ds.query(`SELECT indicator_code, batch_ids, traceparents FROM alert_queue ORDER BY indicator_code`);
    expect(rows).toEqual([
      { indicator_code: 'DEC-03', batch_ids: ['return-b'], traceparents: ['00-0123456789abcdef0123456789abcdef-0123456789abcdef-01'] },
      { indicator_code: 'EDU-01', batch_ids: [], traceparents: ['00-0123456789abcdef0123456789abcdef-0123456789abcdef-01'] },
      { indicator_code: 'HEA-02', batch_ids: ['records-a'], traceparents: ['00-0123456789abcdef0123456789abcdef-0123456789abcdef-01'] },
    ]);
    const incomplete = Object.fromEntries((await queue.ages(ds)).map((a) => [a.indicatorCode, a.incomplete]));
    expect(incomplete).toEqual({ 'HEA-02': true, 'DEC-03': false, 'EDU-01': false });
  });

  it('writes nothing for groups without pairs', async () => {
    await ds.query(`DELETE FROM alert_queue`);
    await ds.transaction((manager) => queue.enqueue(manager, [{ pairs: [], batchIds: ['x'] }]));
    expect(await ds.query(`SELECT count(*)::int AS n FROM alert_queue`)).toEqual([{ n: 0 }]);
  });
});
