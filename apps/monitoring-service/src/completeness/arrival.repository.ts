import { chunk } from '@wdp/messaging';
import type { EntityManager } from 'typeorm';
import type { ArrivalKey } from './arrivals';
import type { Arrival } from './completeness';

/** SQL for `dataset_arrival`; no decisions here. */
export class ArrivalRepository {
  /**
   * Notes that these (distinct) keys arrived at `at`: the first arrival stays the earliest, the last the
   * latest. In key order, so two batches writing the same rows lock them in the same order.
   */
  async record(manager: EntityManager, keys: readonly ArrivalKey[], at: Date): Promise<void> {
    const sorted = [...keys].sort((a, b) => cmp(a.dataset, b.dataset) || cmp(a.areaCode, b.areaCode) || cmp(a.period, b.period));
    for (const part of chunk(sorted, 5000)) {
      await manager.query(
        `INSERT INTO dataset_arrival (dataset, area_code, period, first_at, last_at, records)
         SELECT d, a, p, $4, $4, r FROM unnest($1::text[], $2::text[], $3::text[], $5::bigint[]) AS k (d, a, p, r)
         ON CONFLICT (dataset, area_code, period) DO UPDATE
           SET first_at = LEAST(dataset_arrival.first_at, EXCLUDED.first_at), last_at = GREATEST(dataset_arrival.last_at, EXCLUDED.last_at),
               records = dataset_arrival.records + EXCLUDED.records`,
        [part.map((k) => k.dataset), part.map((k) => k.areaCode), part.map((k) => k.period), at.toISOString(), part.map((k) => k.records)],
      );
    }
  }

  /** The arrivals of these datasets (every area, every period). */
  async forDatasets(manager: EntityManager, datasets: readonly string[]): Promise<Arrival[]> {
    if (datasets.length === 0) return [];
    const rows: { dataset: string; areaCode: string; period: string; firstAt: Date | string; lastAt: Date | string; records: number }[] = await manager.query(
      `SELECT dataset, area_code AS "areaCode", period, first_at AS "firstAt", last_at AS "lastAt", records::float8 AS records FROM dataset_arrival WHERE dataset = ANY($1::text[])`,
      [datasets],
    );
    return rows.map((r) => ({ ...r, firstAt: new Date(r.firstAt), lastAt: new Date(r.lastAt) }));
  }
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
