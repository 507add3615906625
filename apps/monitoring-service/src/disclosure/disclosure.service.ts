import { Inject, Injectable } from '@nestjs/common';
import { SERVICE_CONFIG } from '@wdp/platform';
import { DataSource } from 'typeorm';
import { AreaService } from '../indicator-store/area.service';
import { IndicatorStoreService } from '../indicator-store/indicator-store.service';
import type { MonitoringServiceConfig } from '../config';
import { type DisclosureCell, type SuppressionReason, suppressCells } from './suppression';

/** A published value row (as /v1/values lists them). */
export interface ValueRowLike {
  indicatorCode: string;
  areaCode: string;
  sex: string;
  period: string;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
}

/** `suppressed` is present only on withheld cells, so published rows keep their plain shape. */
export type PublishedValue<T extends ValueRowLike> = T & { suppressed?: SuppressionReason };

const key = (c: { indicatorCode: string; areaCode: string; sex: string; year: number | string }) => `${c.indicatorCode}\u0000${c.areaCode}\u0000${c.sex}\u0000${c.year}`;

/**
 * Disclosure control for the query API. A page of values is judged with the whole table its cells
 * belong to — every sex and every area of the same indicator and year — because a complementary
 * suppression decided on the page alone would miss the sibling or total that gives a cell away.
 */
@Injectable()
export class DisclosureService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly catalogue: IndicatorStoreService,
    private readonly areas: AreaService,
    @Inject(SERVICE_CONFIG) private readonly config: MonitoringServiceConfig,
  ) {}

  get k(): number {
    return this.config.DISCLOSURE_K;
  }

  /** Yearly values: suppressed against their full indicator × year tables in `indicator_value`. */
  async publishYearly<T extends ValueRowLike>(rows: readonly T[]): Promise<PublishedValue<T>[]> {
    if (rows.length === 0) return [];
    const pairs = [...new Map(rows.map((r) => [`${r.indicatorCode}\u0000${r.period}`, r])).values()];
    const table: (Omit<DisclosureCell, 'records'> & { year: number })[] = await this.dataSource.query(
      `SELECT indicator_code AS "indicatorCode", area_code AS "areaCode", trim(sex) AS sex, year, value, numerator, denominator
         FROM indicator_value WHERE (indicator_code, year) IN (SELECT * FROM unnest($1::text[], $2::int[]))`,
      [pairs.map((p) => p.indicatorCode), pairs.map((p) => Number(p.period))],
    );
    return this.apply(rows, table.map((c) => ({ ...c, year: Number(c.year), records: this.recordsOf(c) })), (r) => key({ ...r, year: Number(r.period) }));
  }

  /** Values computed on request (quarters, months): judged within the set computed. */
  publishInMemory<T extends ValueRowLike>(rows: readonly T[]): PublishedValue<T>[] {
    const periodIndex = new Map<string, number>();
    const yearOf = (p: string) => periodIndex.get(p) ?? (periodIndex.set(p, periodIndex.size), periodIndex.size - 1);
    const cells = rows.map((r) => ({ ...r, year: yearOf(r.period), value: r.value, records: this.recordsOf(r) }));
    return this.apply(rows, cells, (r) => key({ ...r, year: yearOf(r.period) }));
  }

  private apply<T extends ValueRowLike>(rows: readonly T[], table: DisclosureCell[], keyOf: (r: T) => string): PublishedValue<T>[] {
    const index = this.areas.index();
    const published = new Map(suppressCells(table, { k: this.k, parentOf: (code) => index.byCode(code)?.parent ?? undefined }).map((c) => [key(c), c]));
    return rows.map((r) => {
      const c = published.get(keyOf(r));
      if (!c?.suppressed) return { ...r };
      return { ...r, value: null, numerator: null, denominator: null, suppressed: c.suppressed };
    });
  }

  /**
   * Records a figure is counted from: its numerator, or the value of a count indicator; null for a
   * return's figure, a submitted aggregate even where the return filed its counts for the interval.
   */
  private recordsOf(c: { indicatorCode: string; value: number | null; numerator: number | null }): number | null {
    const type = this.catalogue.find(c.indicatorCode)?.definition.type;
    if (type === 'observation') return null;
    if (c.numerator !== null && c.numerator !== undefined) return Number(c.numerator);
    return type === 'count' ? c.value : null;
  }
}
