import { Inject, Injectable } from '@nestjs/common';
import { countedPage } from '@wdp/platform';
import { parsePeriod } from '@wdp/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import { AlertService } from '../alerts/alert.service';
import { AssessmentService } from '../assessment/assessment.service';
import { CLOCK, type Clock } from '../assessment/clock';
import type { FactDelta } from '../facts/fact-delta';
import type { ReturnChange } from '../facts/return-changes';
import { AreaService } from '../indicator-store/area.service';
import { IndicatorStoreService } from '../indicator-store/indicator-store.service';
import { pagingOf } from '../paging';
import { ArrivalRepository } from './arrival.repository';
import { batchArrivals } from './arrivals';
import { type CompletenessCell, completenessCells, type Dataset, datasetsOf, type ExpectedAreas, groupCells, lateDatasets, slotOwners, tally } from './completeness';
import type { CompletenessPageDto, CompletenessQueryDto } from './completeness.dto';
import { lateDatasetTransitions } from './late-dataset-alerts';

export interface CompletenessFilter {
  department?: string;
  dataset?: string;
  period?: string;
  area?: string;
}

/**
 * Completeness and timeliness: notes when each dataset's data arrives (in the batch's transaction), answers
 * what was expected and received as of an instant, and raises a late_dataset alert per dataset × area.
 */
@Injectable()
export class CompletenessService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly catalogue: IndicatorStoreService,
    private readonly areas: AreaService,
    private readonly arrivals: ArrivalRepository,
    private readonly assessment: AssessmentService,
    private readonly alerts: AlertService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  datasets(): Dataset[] {
    return datasetsOf(this.catalogue.list());
  }

  expectedAreas(): ExpectedAreas {
    return { records: this.areas.assessedAreas().map((a) => a.code), returns: [this.areas.district().code] };
  }

  /** Notes what a batch delivered, inside its transaction, as arrived now. */
  async recordBatch(manager: EntityManager, deltas: readonly FactDelta[], returns: readonly ReturnChange[]): Promise<void> {
    const keys = batchArrivals(deltas, returns, new Set(this.datasets().map((d) => d.key)), new Set(this.expectedAreas().records));
    await this.arrivals.record(manager, keys, this.clock());
  }

  /** Every cell of these datasets (default: all) as of `asOf`, narrowed by the filter. */
  async cells(manager: EntityManager, asOf: Date, filter: CompletenessFilter = {}, of?: (d: Dataset) => boolean): Promise<CompletenessCell[]> {
    await this.catalogue.refresh(manager);
    const datasets = this.datasets().filter((d) => (!of || of(d)) && (!filter.department || d.department === filter.department) && (!filter.dataset || d.key === filter.dataset));
    const areas = this.expectedAreas();
    const only = (codes: readonly string[]) => (filter.area ? codes.filter((c) => c === filter.area) : codes);
    const cells = completenessCells(datasets, { records: only(areas.records), returns: only(areas.returns) }, await this.arrivals.forDatasets(manager, datasets.map((d) => d.key)), asOf);
    return filter.period ? cells.filter((c) => within(c.period, filter.period!)) : cells;
  }

  async page(q: CompletenessQueryDto): Promise<CompletenessPageDto> {
    const asOf = q.asOf ? new Date(q.asOf) : this.clock();
    const cells = await this.cells(this.dataSource.manager, asOf, q);
    const groups = groupCells(cells);
    const paging = pagingOf(q);
    const items = groups.slice(paging.offset, paging.offset + paging.limit).map(({ type, areas, ...g }) => ({
      ...g,
      datasetType: type,
      areas: areas.map((a) => ({ areaCode: a.areaCode, status: a.status, firstArrivalAt: a.firstArrivalAt, lastArrivalAt: a.lastArrivalAt })),
    }));
    return { ...countedPage(paging, groups.length, items), asOf: asOf.toISOString(), totals: tally(cells) };
  }

  /** Whether an area reports anything (the district, its streets and towns). */
  isReportingArea(code: string): boolean {
    return this.expectedAreas().records.includes(code);
  }

  /**
   * The periodic late-dataset check (beside the missing-data check, on the same timer): raises or resolves
   * each dataset × area's late_dataset alert as of `now`, under the alerts' lock, through the alert
   * machinery (holds, silences, the alert-event log, webhooks).
   */
  async checkLateDatasets(now: Date = this.clock()): Promise<{ raised: number; resolved: number }> {
    return this.dataSource.transaction(async (manager) => {
      await this.assessment.lockAlerts(manager);
      // Returns are expected at the district only, which late_dataset leaves to the missing-data check.
      const records = (d: Dataset) => d.type === 'records';
      const all = this.datasets();
      const verdicts = lateDatasets(all.filter(records), await this.cells(manager, now, {}, records), this.areas.district().code);
      const changes = await this.alerts.apply(manager, lateDatasetTransitions(verdicts, slotOwners(all), now), now);
      return { raised: changes.raised, resolved: changes.resolved };
    });
  }
}

/** Whether period `code` lies within `filter` (a year holds its quarters and months, a quarter its months). */
function within(code: string, filter: string): boolean {
  const p = parsePeriod(code);
  const f = parsePeriod(filter);
  if (!p || !f || p.year !== f.year) return false;
  if (f.granularity === 'year') return true;
  if (f.granularity === 'quarter') return p.granularity !== 'year' && p.quarter === f.quarter;
  return p.granularity === 'month' && p.month === f.month;
}
