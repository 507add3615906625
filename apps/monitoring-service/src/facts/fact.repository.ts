import type { EntityManager } from 'typeorm';
import { recordFactApproved, type FigureView } from './figure-view';
import type { FactDelta, Granularity } from './fact-delta';

/** A `record_fact` row as the evaluation reads it: the cell a delta changes, with its total as `count`. */
export type FactRow = FactDelta;

/** SQL for `record_fact`; no decisions here. */
export class FactRepository {
  /**
   * Adds pre-aggregated deltas in one INSERT … SELECT FROM unnest(…) ON CONFLICT DO UPDATE: six array
   * parameters however many cells, so the server parses and plans one short statement instead of one with
   * thousands of bind parameters per 2,000 cells. The caller reduces the batch per cell first (one statement
   * cannot update a row twice) and sorts it, so concurrent writers lock rows in the same order.
   *
   * Granularity and year are read off the period in SQL rather than sent: two arrays fewer to serialise and
   * parse per cell. Measured by tools/bench/micro/monitoring-batch.bench.ts (demo data, 5 cells a record,
   * two runs): client CPU 9–10 → 7 µs a record, server CPU about 3 µs less (of 51–60, within the noise of a
   * busy machine); 1,000-row multi-row VALUES statements cost more on both sides (11–17 and 65–82 µs).
   */
  async addDeltas(manager: EntityManager, deltas: readonly FactDelta[]): Promise<void> {
    if (deltas.length === 0) return;
    await manager.query(
      `INSERT INTO record_fact (input_key, area_code, period, granularity, year, sex, age_band, count)
       SELECT input_key, area_code, period,
              CASE WHEN length(period) = 4 THEN 'Y' WHEN substr(period, 6, 1) = 'Q' THEN 'Q' ELSE 'M' END,
              left(period, 4)::smallint, sex, age_band, count
         FROM unnest($1::text[], $2::text[], $3::text[], $4::char(1)[], $5::text[], $6::bigint[]) AS d (input_key, area_code, period, sex, age_band, count)
       ON CONFLICT (input_key, area_code, period, sex, age_band) DO UPDATE SET count = record_fact.count + EXCLUDED.count`,
      [
        deltas.map((d) => d.inputKey),
        deltas.map((d) => d.areaCode),
        deltas.map((d) => d.period),
        deltas.map((d) => d.sex),
        deltas.map((d) => d.ageBand),
        deltas.map((d) => d.count),
      ],
    );
  }

  /**
   * Yearly rows of summed inputs and monthly rows of snapshot inputs, for the given areas; from `fromYear`
   * on when given. The bound is written twice so that either index stops at it and older years are not
   * read at all: `year >= …` is a range on record_fact_year_rows_idx (input_key, area_code, year, of the yearly
   * rows only), which PostgreSQL takes for the yearly rows, and `period >= 'YYYY'` one on the primary key's third
   * column (a period starts with its year), which it takes for the months. Without a bound, that index keeps a
   * read of every year to the assessed areas' yearly rows instead of most of the table's pages. The approved view (the default) leaves out
   * the cells held for approval (docs/approval.md).
   */
  async forEvaluation(
    manager: EntityManager, inputKeys: readonly string[], snapshotKeys: readonly string[], areaCodes: readonly string[], fromYear: number | null = null, view: FigureView = 'approved',
  ): Promise<FactRow[]> {
    if (inputKeys.length === 0 || areaCodes.length === 0) return [];
    const rows = await manager.query(
      `SELECT input_key AS "inputKey", area_code AS "areaCode", period, granularity, year, sex, age_band AS "ageBand", count::float8 AS count
         FROM record_fact
        WHERE input_key = ANY($1) AND area_code = ANY($2) ${fromYear === null ? '' : 'AND period >= $4 AND year >= $5'}
          AND (granularity = 'Y' OR (granularity = 'M' AND input_key = ANY($3))) ${recordFactApproved(view)}`,
      fromYear === null ? [inputKeys, areaCodes, snapshotKeys] : [inputKeys, areaCodes, snapshotKeys, periodOfYear(fromYear), fromYear],
    );
    return rows;
  }

  /**
   * Of the given input × area series, those with facts in some year before `beforeYear` as the evaluation
   * reads them (a yearly row of a summed input, a non-zero month of a snapshot input). One primary-key
   * probe per series, stopping at the first row found.
   */
  async reportedBefore(manager: EntityManager, series: readonly { inputKey: string; areaCode: string }[], snapshotKeys: readonly string[], beforeYear: number): Promise<Set<string>> {
    if (series.length === 0) return new Set();
    const rows: { inputKey: string; areaCode: string }[] = await manager.query(
      `SELECT s.input_key AS "inputKey", s.area_code AS "areaCode"
         FROM unnest($1::text[], $2::text[]) AS s (input_key, area_code)
        CROSS JOIN LATERAL (
          SELECT 1 FROM record_fact f
           WHERE f.input_key = s.input_key AND f.area_code = s.area_code AND f.period < $4
             AND (f.granularity = 'Y' OR (f.granularity = 'M' AND f.input_key = ANY($3) AND f.count <> 0))
           LIMIT 1) x`,
      [series.map((s) => s.inputKey), series.map((s) => s.areaCode), snapshotKeys, periodOfYear(beforeYear)],
    );
    return new Set(rows.map((r) => `${r.inputKey}\u0000${r.areaCode}`));
  }

  /**
   * For the validation rules: the rows of one granularity of summed inputs and the months of snapshot inputs,
   * in the given areas; of the given years only, when set (a submitted return's rules read its period and the one
   * a year before, not the whole history).
   */
  async ofGranularity(manager: EntityManager, inputKeys: readonly string[], snapshotKeys: readonly string[], areaCodes: readonly string[], granularity: Granularity, years: readonly number[] | null = null): Promise<FactRow[]> {
    if (inputKeys.length === 0 || areaCodes.length === 0) return [];
    return manager.query(
      `SELECT input_key AS "inputKey", area_code AS "areaCode", period, granularity, year, sex, age_band AS "ageBand", count::float8 AS count
         FROM record_fact
        WHERE input_key = ANY($1) AND area_code = ANY($2) ${years === null ? '' : 'AND year = ANY($5::smallint[])'}
          AND (granularity = $4 OR (granularity = 'M' AND input_key = ANY($3)))`,
      years === null ? [inputKeys, areaCodes, snapshotKeys, granularity] : [inputKeys, areaCodes, snapshotKeys, granularity, years],
    );
  }

  /** The cells of one quarter or month (summed inputs) and its months (snapshot inputs), in the approved view. */
  async forSubYear(manager: EntityManager, inputKeys: readonly string[], snapshotKeys: readonly string[], areaCodes: readonly string[], period: string, months: readonly string[]): Promise<FactRow[]> {
    if (inputKeys.length === 0 || areaCodes.length === 0) return [];
    return manager.query(
      `SELECT input_key AS "inputKey", area_code AS "areaCode", period, granularity, year, sex, age_band AS "ageBand", count::float8 AS count
         FROM record_fact
        WHERE input_key = ANY($1) AND area_code = ANY($2)
          AND (period = $3 OR (input_key = ANY($4) AND period = ANY($5))) ${recordFactApproved('approved')}`,
      [inputKeys, areaCodes, period, snapshotKeys, months],
    );
  }

  /**
   * Latest month with a non-zero count, per input, in an area (what "received" means for records). One
   * backward primary-key scan per input that stops at its latest such month, however long the history.
   */
  async latestMonths(manager: EntityManager, inputKeys: readonly string[], areaCode: string): Promise<Map<string, string>> {
    if (inputKeys.length === 0) return new Map();
    const rows: { inputKey: string; period: string }[] = await manager.query(
      `SELECT k.input_key AS "inputKey", m.period
         FROM unnest($1::text[]) AS k (input_key)
        CROSS JOIN LATERAL (
          SELECT f.period FROM record_fact f
           WHERE f.input_key = k.input_key AND f.area_code = $2 AND f.granularity = 'M' AND f.count <> 0
           ORDER BY f.period DESC LIMIT 1) m`,
      [inputKeys, areaCode],
    );
    return new Map(rows.map((r) => [r.inputKey, r.period]));
  }

  async monthly(manager: EntityManager, inputKey: string, areaCode: string, year: number): Promise<FactRow[]> {
    return manager.query(
      `SELECT input_key AS "inputKey", area_code AS "areaCode", period, granularity, year, sex, age_band AS "ageBand", count::float8 AS count
         FROM record_fact WHERE input_key = $1 AND area_code = $2 AND year = $3 ORDER BY period, sex, age_band`,
      [inputKey, areaCode, year],
    );
  }
}

/** The year as the leading part of every period of it ('2020' ≤ '2020-01' ≤ '2020-Q4' < '2021'). */
const periodOfYear = (year: number): string => String(year).padStart(4, '0');
