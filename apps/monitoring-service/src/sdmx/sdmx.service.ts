import { Injectable } from '@nestjs/common';
import { newId, returnKindsOf } from '@wdp/contracts';
import {
  MAX_BATCH_RETURNS, readCsv, returnKindFromDefinition, ReturnService, SheetFormatError, type ReturnBatchResult, type ReturnKindSpec, type WriteOptions, type WriteResponse,
} from '@wdp/ingestion';
import { problem, ProblemException, type FieldError } from '@wdp/platform';
import { DataSource } from 'typeorm';
import { DisclosureService } from '../disclosure/disclosure.service';
import type { FigureView } from '../facts/figure-view';
import { AreaService } from '../indicator-store/area.service';
import { IndicatorStoreService } from '../indicator-store/indicator-store.service';
import { QueryService } from '../query/query.service';
import type { SdmxDataQueryDto } from './dto/sdmx-query.dto';
import { mlStructureMessage } from './sdmx-ml';
import { codeNamesOf, csvDataMessage, jsonDataMessage, structureMessage, type MessageHeader, type Observation } from './sdmx-messages';
import { ASSESSMENTS_FLOW, DATAFLOWS, fixedCodelists, INDICATORS_FLOW, type Codelist, type DataflowDef } from './sdmx-model';
import { areaCodelist, assessmentObservation, indicatorCodelist, returnKindCodelist, valueObservation } from './sdmx-observations';
import { locateBatchErrors, mergeRowErrors, readSdmxReturns, sdmxCsvDelimiter, sortRowErrors, type SdmxRowError } from './sdmx-returns-csv';

/** Most observations one export holds; a wider one is refused with the filters to narrow it by. */
export const MAX_SDMX_OBSERVATIONS = 100_000;

/**
 * The largest SDMX-CSV message of returns one request takes: observations (rows after the header) and bytes. A
 * statistics bureau's yearly message (every kind × the district and its streets × a few periods, F, M and total) is
 * some thousands of rows; a larger one is split, each part all or nothing on its own.
 */
export const MAX_SDMX_IMPORT_ROWS = 10_000;
export const MAX_SDMX_IMPORT_BYTES = 2 * 1024 * 1024;

export const SDMX_IMPORT_PROBLEM = 'The SDMX-CSV message has invalid rows; nothing was written.';

/** A message ready to send: its format and body. */
export interface SdmxBody {
  format: 'csv' | 'json';
  body: string;
}

/**
 * SDMX interchange: the published structures, values and assessments as SDMX data messages (the figures
 * exactly as /v1/values and /v1/assessments publish them, small cells withheld), and the statistics bureau's
 * returns read from SDMX-CSV into the returns API, so they pass its validation, idempotency and audit.
 */
@Injectable()
export class SdmxService {
  private readonly returnSpecs: ReadonlyMap<string, ReturnKindSpec>;
  private readonly returnUnits: ReadonlyMap<string, string>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly catalogue: IndicatorStoreService,
    private readonly areas: AreaService,
    private readonly query: QueryService,
    private readonly disclosure: DisclosureService,
    private readonly returns: ReturnService,
  ) {
    const kinds = returnKindsOf('statistics');
    this.returnSpecs = new Map(kinds.map((k) => [k.kind, returnKindFromDefinition(k, { exampleArea: this.areas.district().code })]));
    this.returnUnits = new Map(kinds.map((k) => [k.kind, k.unit]));
  }

  /** The structures as SDMX-JSON 2.0 or SDMX-ML 3.0. */
  async structure(format: 'json' | 'xml'): Promise<string> {
    const codelists = await this.codelists();
    return format === 'xml' ? mlStructureMessage(this.header(), DATAFLOWS, codelists) : JSON.stringify(structureMessage(this.header(), DATAFLOWS, codelists));
  }

  /** WDP_INDICATORS: values with their 95 % intervals, as /v1/values publishes them (either view). */
  async values(q: SdmxDataQueryDto, format: 'csv' | 'json'): Promise<SdmxBody> {
    const filter = { view: q.view, indicator: q.indicator, area: q.area, sex: sexFilter(q.sex), period: q.period, from: q.from, to: q.to };
    let view: FigureView = 'approved';
    const values = await everyItem(async (cursor) => {
      const page = await this.query.values({ ...filter, limit: PAGE, cursor });
      view = page.view;
      return page;
    });
    return this.message(INDICATORS_FLOW, values.map((v) => valueObservation(v, view)), format);
  }

  /**
   * WDP_ASSESSMENTS: each current assessment at the year it rests on. Its figures go with the value cell of
   * that year, so a cell withheld as a small number withholds them too.
   */
  async assessments(q: SdmxDataQueryDto, format: 'csv' | 'json'): Promise<SdmxBody> {
    const errors: FieldError[] = [];
    if (q.period && q.period.length > 4) errors.push({ field: 'period', reason: 'assessments are yearly: use YYYY' });
    if (q.view === 'provisional') errors.push({ field: 'view', reason: 'assessments rest on the approved figures; provisional values are at WDP_INDICATORS?view=provisional' });
    if (errors.length) throw ProblemException.validation(errors, 'The query has invalid parameters.');
    const items = await everyItem((cursor) => this.query.assessmentList({ indicator: q.indicator, area: q.area, sex: sexFilter(q.sex), limit: PAGE, cursor }));
    const from = q.period ? Number(q.period) : q.from;
    const to = q.period ? Number(q.period) : q.to;
    const assessed = items.filter((a) => a.year !== null && a.sex !== 'gap' && (from === undefined || a.year >= from) && (to === undefined || a.year <= to));
    const cells = await this.disclosure.publishYearly(
      assessed.map((a) => ({ indicatorCode: a.indicatorCode, areaCode: a.areaCode, sex: a.sex, period: String(a.year), value: a.summary.currentValue, numerator: null, denominator: null })),
    );
    const observations = assessed.flatMap((a, i): Observation[] => {
      const o = assessmentObservation(a, this.catalogue.find(a.indicatorCode)?.unit ?? '', cells[i].suppressed);
      return o ? [o] : [];
    });
    return this.message(ASSESSMENTS_FLOW, observations, format);
  }

  /**
   * The returns of an SDMX-CSV message, one per RETURN_KIND × REF_AREA × TIME_PERIOD, through the returns API's
   * batch (ReturnService.submitMany): the rules of POST /v1/returns/{kind} for each, all written in one transaction
   * with their audit entries and outbox events, or none; one Idempotency-Key for the whole message. Every bad row
   * of every return is reported at once, located by row and column.
   */
  async importReturns(data: Buffer, dryRun: boolean, opts: WriteOptions): Promise<WriteResponse> {
    if (data.length > MAX_SDMX_IMPORT_BYTES) throw tooLarge(`has ${data.length} bytes`);
    const delimiter = sdmxCsvDelimiter(data);
    let sheet;
    try {
      sheet = readCsv(data, delimiter);
    } catch (err) {
      if (err instanceof SheetFormatError) throw invalid([{ field: '(file)', reason: err.message }]);
      throw err;
    }
    if (sheet.rows.length > MAX_SDMX_IMPORT_ROWS) throw tooLarge(`has ${sheet.rows.length} observations`);
    const read = readSdmxReturns(sheet, this.returnUnits, delimiter);
    if (read.returns.length > MAX_BATCH_RETURNS) throw tooLarge(`has ${read.returns.length} returns`);
    // A return of a kind the bureau does not file stays out of the batch; the reader has named it.
    const batch = read.returns.flatMap((r) => {
      const spec = r.kind === undefined ? undefined : this.returnSpecs.get(r.kind);
      return spec ? [{ spec, body: r.body, read: r }] : [];
    });
    const located = (errors: readonly FieldError[]) => locateBatchErrors(errors, batch.map((b) => b.read));
    if (read.errors.length) {
      // The returns API's own rules report the rest of what is wrong with the returns the reader could read.
      throw invalid(mergeRowErrors(read.errors, located(this.returns.validateMany(batch))));
    }
    try {
      const response = await this.returns.submitMany(batch, dryRun, opts);
      // The stored answer is the batch's, so a replay gains the same rows as the first answer.
      return { ...response, body: withRows(response.body as ReturnBatchResult, batch.map((b) => b.read.rowNumbers)) };
    } catch (err) {
      if (err instanceof ProblemException && Array.isArray(err.problem.errors)) {
        const generic = err.problem.status === 422 && err.problem.detail === 'The request has invalid fields; nothing was written.';
        const conflicts = (err.problem as { conflicts?: { index?: number }[] }).conflicts?.map(({ index, ...c }) => ({ ...c, ...(index === undefined ? {} : { rows: batch[index]?.read.rowNumbers }) }));
        throw new ProblemException(
          { ...err.problem, detail: generic ? SDMX_IMPORT_PROBLEM : err.problem.detail, errors: sortRowErrors(located(err.problem.errors as FieldError[])) as FieldError[], ...(conflicts ? { conflicts } : {}) },
          err.headers,
        );
      }
      throw err;
    }
  }

  private async message(flow: DataflowDef, observations: Observation[], format: 'csv' | 'json'): Promise<SdmxBody> {
    if (format === 'csv') return { format, body: csvDataMessage(flow, observations) };
    return { format, body: JSON.stringify(jsonDataMessage(this.header(), flow, observations, codeNamesOf(await this.codelists()))) };
  }

  private async codelists(): Promise<Codelist[]> {
    await this.catalogue.refresh(this.dataSource.manager);
    return [indicatorCodelist(this.catalogue.list()), areaCodelist([...this.areas.index().areas, ...this.areas.areasAbove()]), returnKindCodelist(returnKindsOf('statistics')), ...fixedCodelists()];
  }

  private header(): MessageHeader {
    return { id: `WDP-${newId()}`, prepared: new Date().toISOString() };
  }
}

function sexFilter(sex: string | undefined): string | undefined {
  return sex === '_T' ? 'T' : sex;
}

/** Read in pages as large as an export may be, so one page is the usual case. */
const PAGE = MAX_SDMX_OBSERVATIONS;

/** Every item of a paged read, following its cursors; refused when there are more than an export holds. */
async function everyItem<T>(read: (cursor: string | undefined) => Promise<{ total: number; nextCursor: string | null; items: T[] }>): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await read(cursor);
    if (page.total > MAX_SDMX_OBSERVATIONS) {
      throw ProblemException.validation(
        [{ field: 'indicator', reason: `the export would hold ${page.total} observations, more than ${MAX_SDMX_OBSERVATIONS}: narrow it by indicator, area, sex or period` }],
        'The query has invalid parameters.',
      );
    }
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return items;
}

/** The limits of one message, as a 413 names them. */
export const SDMX_IMPORT_LIMITS = `${MAX_SDMX_IMPORT_ROWS} observations, ${MAX_BATCH_RETURNS} returns and ${MAX_SDMX_IMPORT_BYTES} bytes`;

function tooLarge(what: string): ProblemException {
  return new ProblemException(problem(413, `An SDMX-CSV message of returns holds at most ${SDMX_IMPORT_LIMITS}; this one ${what}. Split it into several messages (each is all or nothing).`, {
    errors: [{ field: '(file)', reason: `${what}: the limits are ${SDMX_IMPORT_LIMITS}` }],
    limits: { observations: MAX_SDMX_IMPORT_ROWS, returns: MAX_BATCH_RETURNS, bytes: MAX_SDMX_IMPORT_BYTES },
  }));
}

/** The batch's answer with each return's rows in the message. */
function withRows(result: ReturnBatchResult, rowNumbers: number[][]): unknown {
  return { ...result, items: result.items.map(({ index, ...item }) => ({ rows: rowNumbers[index], ...item })) };
}

function invalid(errors: SdmxRowError[]): ProblemException {
  return ProblemException.validation(errors as FieldError[], SDMX_IMPORT_PROBLEM);
}
