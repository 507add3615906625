import { returnKind, type SexOrTotal } from '@wdp/contracts';
import type { FactSex } from '../facts/fact-delta';
import type { FactRow } from '../facts/fact.repository';
import type { ObservationFigure } from '../facts/observation.repository';

export type FigureMeasure = 'value' | 'numerator' | 'denominator';

const SEP = '\u0000';

interface Cell {
  sex: FactSex;
  ageBand: string;
  count: number;
}

/**
 * The facts and observations one evaluation reads, indexed in memory. Summed inputs are read from their
 * yearly rows; snapshot inputs (`snapshotKeys`) from their monthly rows, a year being its latest month
 * with any non-zero count. When several returns cover one kind × area × year, the annual return wins
 * over sub-annual ones, then the latest submission (event time, then revision, then id): properties of
 * the returns, not of arrival order.
 */
export class EvaluationData {
  private readonly facts = new Map<string, Map<number, Cell[]>>();
  private readonly figures = new Map<string, Map<number, ObservationFigure[]>>();

  /**
   * `reportedEarlier`: input × area series (`inputKey \0 areaCode`) with facts in years older than the
   * rows given, when only recent years were read.
   */
  constructor(
    factRows: readonly FactRow[],
    observations: readonly ObservationFigure[],
    snapshotKeys: ReadonlySet<string>,
    private readonly reportedEarlier: ReadonlySet<string> = new Set(),
  ) {
    const months = new Map<string, Map<string, Cell[]>>();
    for (const row of factRows) {
      const seriesKey = `${row.inputKey}${SEP}${row.areaCode}`;
      const cell = { sex: row.sex, ageBand: row.ageBand, count: Number(row.count) };
      if (snapshotKeys.has(row.inputKey)) {
        if (row.granularity !== 'M') continue;
        const k = `${seriesKey}${SEP}${row.year}`;
        if (!months.has(k)) months.set(k, new Map());
        const byMonth = months.get(k)!;
        byMonth.set(row.period, [...(byMonth.get(row.period) ?? []), cell]);
      } else if (row.granularity === 'Y') {
        this.cellsOf(seriesKey, row.year).push(cell);
      }
    }
    for (const [k, byMonth] of months) {
      const [inputKey, areaCode, year] = k.split(SEP);
      const latest = [...byMonth.keys()].sort().reverse().find((m) => byMonth.get(m)!.some((c) => c.count !== 0));
      if (latest) this.cellsOf(`${inputKey}${SEP}${areaCode}`, Number(year)).push(...byMonth.get(latest)!);
    }
    const best = new Map<string, ObservationFigure[]>();
    const byReturn = new Map<string, ObservationFigure[]>();
    for (const o of observations) byReturn.set(o.returnId, [...(byReturn.get(o.returnId) ?? []), o]);
    for (const rows of byReturn.values()) {
      const head = rows[0];
      const k = `${head.returnKind}${SEP}${head.areaCode}${SEP}${head.year}`;
      const current = best.get(k)?.[0];
      if (!current || returnOutranks(head, current)) best.set(k, rows);
    }
    for (const [k, rows] of best) {
      const [kind, area, year] = k.split(SEP);
      const series = `${kind}${SEP}${area}`;
      if (!this.figures.has(series)) this.figures.set(series, new Map());
      this.figures.get(series)!.set(Number(year), rows);
    }
  }

  /** Sum of an input's counts for a sex (T or undefined = every sex) and age bands (undefined = all). */
  recordSum(inputKey: string, areaCode: string, year: number, sex?: SexOrTotal, ageBands?: readonly string[]): number | undefined {
    const cells = this.facts.get(`${inputKey}${SEP}${areaCode}`)?.get(year);
    if (!cells) return undefined;
    const bands = ageBands ? new Set(ageBands) : null;
    return cells
      .filter((c) => (sex === undefined || sex === 'T' || c.sex === sex) && (!bands || bands.has(c.ageBand)))
      .reduce((sum, c) => sum + c.count, 0);
  }

  recordYears(inputKey: string, areaCode: string): number[] {
    return [...(this.facts.get(`${inputKey}${SEP}${areaCode}`)?.keys() ?? [])];
  }

  /** Whether an input has facts in some year in the area, read here or older than what was read. */
  reports(inputKey: string, areaCode: string): boolean {
    const series = `${inputKey}${SEP}${areaCode}`;
    return this.facts.has(series) || this.reportedEarlier.has(series);
  }

  /** A figure of the winning return; with age bands, the sum over them (all must be present). */
  figure(returnKind: string, areaCode: string, year: number, sex: SexOrTotal, ageBands: readonly string[] | undefined, measure: FigureMeasure): number | undefined {
    const rows = this.figures.get(`${returnKind}${SEP}${areaCode}`)?.get(year);
    if (!rows) return undefined;
    const read = (row: ObservationFigure | undefined): number | undefined => {
      if (!row) return undefined;
      const v = measure === 'value' ? row.value : row[measure];
      return v === null ? undefined : Number(v);
    };
    const pick = (band: string): number | undefined => {
      const direct = read(rows.find((r) => r.sex === sex && r.ageBand === band));
      if (direct !== undefined || sex !== 'T' || !addsUp(returnKind, measure)) return direct;
      // A head count filed by sex only: its total is the sum (never done for rates or years).
      const f = read(rows.find((r) => r.sex === 'F' && r.ageBand === band));
      const m = read(rows.find((r) => r.sex === 'M' && r.ageBand === band));
      return f === undefined || m === undefined ? undefined : f + m;
    };
    if (!ageBands) return pick('');
    let sum = 0;
    for (const band of ageBands) {
      const v = pick(band);
      if (v === undefined) return undefined;
      sum += v;
    }
    return sum;
  }

  figureYears(returnKind: string, areaCode: string): number[] {
    return [...(this.figures.get(`${returnKind}${SEP}${areaCode}`)?.keys() ?? [])];
  }

  private cellsOf(seriesKey: string, year: number): Cell[] {
    if (!this.facts.has(seriesKey)) this.facts.set(seriesKey, new Map());
    const byYear = this.facts.get(seriesKey)!;
    if (!byYear.has(year)) byYear.set(year, []);
    return byYear.get(year)!;
  }
}

const ADDITIVE_UNITS: ReadonlySet<string> = new Set(['persons', 'cases', 'places']);

/** Whether female + male figures of this measure make the total: counts do, rates and ages do not. */
function addsUp(returnKindKey: string, measure: FigureMeasure): boolean {
  if (measure !== 'value') return true;
  const i = returnKindKey.indexOf('/');
  const def = returnKind(returnKindKey.slice(0, i), returnKindKey.slice(i + 1));
  return def !== undefined && ADDITIVE_UNITS.has(def.unit);
}

function returnOutranks(a: ObservationFigure, b: ObservationFigure): boolean {
  const annual = (o: ObservationFigure) => (o.period.length === 4 ? 1 : 0);
  if (annual(a) !== annual(b)) return annual(a) > annual(b);
  if (a.period !== b.period) return a.period > b.period;
  const ta = Date.parse(a.submittedAt);
  const tb = Date.parse(b.submittedAt);
  if (ta !== tb) return ta > tb;
  if (a.revision !== b.revision) return a.revision > b.revision;
  return a.returnId > b.returnId;
}
