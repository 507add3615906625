import { assessFluctuation, assessGap, assessProgress, type ProgressStatus, type YearValue } from '@wdp/methodology';
import { type AreaIndex, recordKind } from '@wdp/contracts';
import {
  assessmentSpecOf,
  fluctuationBoundOf,
  formulaForSex,
  GAP_STABLE_TOLERANCE,
  gapSpecOf,
  type IndicatorDefinition,
  type IndicatorFormula,
  type InputRef,
  isAreaCountRef,
  isInputRef,
  isShareOfOneSex,
  type ObservationRef,
  type Operand,
} from '@wdp/indicators';
import { type DemoDataSet, type DemoRecord, kindKey } from '@wdp/demo-data';

/**
 * A deliberately simple re-computation of district indicator values straight from the generated data, so
 * the tests (and `--dry-run`) can check that the data tell the planned story. It follows the catalogue's
 * formula semantics (filters, windows, snapshots, age bands, distinct areas) without the monitoring
 * service's storage; the service remains the authority. Sex variants and the methodology's spec come from
 * `@wdp/indicators`, the same code the service uses; only the gap-widening check here is a simpler stand-in
 * for the service's trend test.
 */
export class DemoEvaluator {
  private readonly byKindYear = new Map<string, DemoRecord[]>();

  constructor(
    private readonly data: DemoDataSet,
    private readonly areas: AreaIndex,
  ) {
    for (const [key, items] of data.records) {
      for (const r of items) {
        const k = `${key}/${r.period.slice(0, 4)}`;
        const list = this.byKindYear.get(k) ?? [];
        list.push(r);
        this.byKindYear.set(k, list);
      }
    }
  }

  private recordsOf(op: InputRef, year: number): DemoRecord[] | undefined {
    const all = this.byKindYear.get(`${kindKey(op.department, op.recordKind)}/${year}`);
    if (!all) return undefined;
    if (recordKind(op.department, op.recordKind)?.aggregation !== 'latest') return all;
    const latest = all.reduce((m, r) => (r.period > m ? r.period : m), '');
    return all.filter((r) => r.period === latest);
  }

  private matches(op: InputRef, r: DemoRecord): boolean {
    const def = recordKind(op.department, op.recordKind)!;
    const sex = r.sex ?? def.impliedSex;
    if (op.sex && sex !== op.sex) return false;
    if (op.ageBands && (!r.ageBand || !op.ageBands.includes(r.ageBand))) return false;
    for (const [name, wanted] of Object.entries(op.where ?? {})) {
      const value = r.attributes[name];
      if (Array.isArray(wanted) ? !wanted.includes(value) : value !== wanted) return false;
    }
    return true;
  }

  private input(op: InputRef, year: number): number | undefined {
    const records = this.recordsOf(op, year);
    if (!records) return undefined;
    const hits = records.filter((r) => this.matches(op, r));
    if (op.distinctAreas) return new Set(hits.map((r) => this.areas.chain(r.area).find((a) => a.level === op.distinctAreas)?.code).filter(Boolean)).size;
    return hits.reduce((s, r) => s + (r.count ?? 1), 0);
  }

  private observation(op: ObservationRef, year: number): number | undefined {
    const ret = this.data.returns.find((r) => r.kind === op.returnKind && r.department === op.department && r.period === String(year) && r.area === this.areas.ofLevel('district')[0].code);
    if (!ret) return undefined;
    const measure = op.measure ?? 'value';
    const cells = op.ageBands ? ret.figures.filter((f) => f.sex === op.sex && f.ageBand && op.ageBands!.includes(f.ageBand as never)) : ret.figures.filter((f) => f.sex === op.sex && !f.ageBand);
    if (!cells.length || (op.ageBands && cells.length !== op.ageBands.length)) return undefined;
    return cells.reduce((s, f) => s + (f[measure] ?? 0), 0);
  }

  private operand(op: Operand, year: number): number | undefined {
    if (isAreaCountRef(op)) return this.areas.ofLevel(op.areaLevel).length;
    if (isInputRef(op)) return this.input(op, year);
    return this.observation(op, year);
  }

  value(formula: IndicatorFormula, year: number): number | undefined {
    switch (formula.type) {
      case 'count':
        return this.input(formula.input, year);
      case 'observation':
        return this.observation({ department: formula.return.department, returnKind: formula.return.kind, sex: formula.figure.sex, ageBands: formula.figure.ageBands }, year);
      case 'ratio': {
        const den = this.operand(formula.denominator, year);
        if (den === undefined || den <= 0) return undefined;
        let num = 0;
        for (let y = year - (formula.numeratorWindowYears ?? 1) + 1; y <= year; y++) {
          const v = this.operand(formula.numerator, y);
          if (v === undefined && !isInputRef(formula.numerator)) return undefined;
          num += v ?? 0;
        }
        return (num / den) * formula.factor;
      }
    }
  }

  series(formula: IndicatorFormula, years: readonly number[]): YearValue[] {
    return years.flatMap((year) => {
      const value = this.value(formula, year);
      return value === undefined ? [] : [{ year, value }];
    });
  }
}

export interface DemoAssessment {
  code: string;
  series: YearValue[];
  status: ProgressStatus | 'not_assessed';
  fluctuating: boolean;
  gapWidening: boolean | null;
}

/** District headline assessment of one indicator from the generated data. */
export function assessDemo(evaluator: DemoEvaluator, indicator: IndicatorDefinition, years: readonly number[]): DemoAssessment {
  const series = evaluator.series(indicator.definition, years);
  const fluctuating = series.length >= 3 && assessFluctuation(series, { bound: fluctuationBoundOf(indicator) }).fluctuating;
  let gapWidening: boolean | null = null;
  if (indicator.sexDisaggregated && indicator.definition.type !== 'count') {
    const female = evaluator.series(formulaForSex(indicator.definition, 'F'), years);
    const male = evaluator.series(formulaForSex(indicator.definition, 'M'), years);
    if (isShareOfOneSex(indicator.definition)) {
      // A share of one sex (women's, or fathers') is judged by its distance from 50 %, as the monitoring service does.
      const base = series.find((p) => p.year === indicator.baseline.year);
      const current = series.filter((p) => p.year <= indicator.targetYear).at(-1);
      if (base && current) gapWidening = Math.abs(current.value - 50) > Math.abs(base.value - 50) + 0.5;
    } else if (female.length >= 2 && male.length >= 2) {
      gapWidening = assessGap(female, male, gapSpecOf(indicator, 0.01), 'parity_index').gapWidening;
    }
  }
  if (indicator.comparator === 'gap_narrows') {
    const female = evaluator.series(formulaForSex(indicator.definition, 'F'), years);
    const male = evaluator.series(formulaForSex(indicator.definition, 'M'), years);
    const gap = assessGap(female, male, gapSpecOf(indicator, GAP_STABLE_TOLERANCE.explicitGap), indicator.gap?.measure === 'ratio' ? 'parity_index' : 'difference');
    return { code: indicator.code, series, status: gap.progress.status, fluctuating, gapWidening: gap.gapWidening };
  }
  const latest = series.filter((p) => p.year <= indicator.targetYear).at(-1);
  const reference = indicator.reference && latest ? evaluator.value(indicator.reference, latest.year) : undefined;
  const spec = assessmentSpecOf(indicator, { withBaseline: true, referenceValue: reference });
  if (!spec) return { code: indicator.code, series, status: 'not_assessed', fluctuating, gapWidening };
  return { code: indicator.code, series, status: assessProgress(spec, series).status, fluctuating, gapWidening };
}
