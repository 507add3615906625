import { Injectable } from '@nestjs/common';
import type { SexOrTotal } from '@wdp/contracts';
import { formulaForSex, seriesSexes } from '@wdp/indicators';
import { DataSource } from 'typeorm';
import { AreaService } from '../indicator-store/area.service';
import { IndicatorStoreService } from '../indicator-store/indicator-store.service';
import { FactRepository } from '../facts/fact.repository';
import { ObservationRepository } from '../facts/observation.repository';
import { evaluateFormula } from './evaluate-formula';
import { EvaluationData } from './evaluation-data';
import { evaluationInputs } from './evaluation-inputs';
import { monthsOf, subYearRows } from './sub-year';

export interface SubYearValue {
  indicatorCode: string;
  areaCode: string;
  sex: SexOrTotal;
  period: string;
  value: number;
  numerator: number | null;
  denominator: number | null;
}

/**
 * Values for a quarter or a month, computed on request from the facts' quarter and month cells (the
 * assessments are annual, so only years are stored). Indicators whose numerator spans several years
 * (screening coverage) have no sub-year value.
 */
@Injectable()
export class SubYearValuesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly catalogue: IndicatorStoreService,
    private readonly areas: AreaService,
    private readonly facts: FactRepository,
    private readonly observations: ObservationRepository,
  ) {}

  async values(period: string, filter: { indicatorCode?: string; areaCode?: string; sex?: string }): Promise<SubYearValue[]> {
    const indicators = this.catalogue
      .list()
      .filter((i) => (!filter.indicatorCode || i.code === filter.indicatorCode) && !(i.definition.type === 'ratio' && (i.definition.numeratorWindowYears ?? 1) > 1))
      .sort((a, b) => a.code.localeCompare(b.code));
    const areaCodes = filter.areaCode ? [filter.areaCode] : this.areas.assessedAreas().map((a) => a.code);
    const pairs = indicators.flatMap((indicator) => areaCodes.map((areaCode) => ({ indicator, areaCode })));
    if (pairs.length === 0) return [];
    const inputs = evaluationInputs(pairs, this.areas.index());
    const manager = this.dataSource.manager;
    const year = period.slice(0, 4);
    const rows = subYearRows(
      period,
      await this.facts.forSubYear(manager, inputs.inputKeys, inputs.snapshotKeys, inputs.areaCodes, period, monthsOf(period)),
      await this.observations.forEvaluation(manager, inputs.returnKinds, inputs.areaCodes, [period, year]),
      new Set(inputs.snapshotKeys),
    );
    const data = new EvaluationData(rows.facts, rows.figures, new Set(inputs.snapshotKeys));
    const out: SubYearValue[] = [];
    for (const { indicator, areaCode } of pairs) {
      const ctx = { data, areas: this.areas.index(), areaCode };
      for (const sex of seriesSexes(indicator)) {
        if (filter.sex && filter.sex !== sex) continue;
        for (const v of evaluateFormula(formulaForSex(indicator.definition, sex), ctx)) {
          out.push({ indicatorCode: indicator.code, areaCode, sex, period, value: v.value, numerator: v.numerator, denominator: v.denominator });
        }
      }
    }
    return out;
  }
}
