import type { Area, ReferenceArea, ReturnKindDefinition, SexOrTotal } from '@wdp/contracts';
import type { IndicatorDefinition } from '@wdp/indicators';
import type { FigureView } from '../facts/figure-view';
import type { AssessmentDto } from '../query/dto/assessment.dto';
import type { ValueDto } from '../query/dto/value.dto';
import { TOTAL, TIME_PERIOD, sdmxSex, type Codelist } from './sdmx-model';
import type { Observation } from './sdmx-messages';

/** CONF_STATUS of a published cell: free, or withheld as a small cell (C) or as its complement (D). */
function confStatus(suppressed: 'small_cell' | 'complementary' | undefined): string {
  return suppressed === 'small_cell' ? 'C' : suppressed === 'complementary' ? 'D' : 'F';
}

/**
 * A value as /v1/values publishes it (suppressed, with its interval) as an observation of WDP_INDICATORS.
 * A withheld cell keeps its key and says why in CONF_STATUS, with no value, counts or interval. OBS_STATUS is
 * P (provisional) for the provisional view, which includes data not yet approved, and A for the official figures.
 */
export function valueObservation(v: ValueDto, view: FigureView = 'approved'): Observation {
  return {
    INDICATOR: v.indicatorCode,
    REF_AREA: v.areaCode,
    SEX: sdmxSex(v.sex as SexOrTotal),
    AGE: TOTAL,
    [TIME_PERIOD]: v.period,
    OBS_VALUE: v.value,
    UNIT_MEASURE: v.unit,
    OBS_STATUS: view === 'provisional' ? 'P' : 'A',
    CONF_STATUS: confStatus(v.suppressed),
    LOWER_BOUND: v.lower,
    UPPER_BOUND: v.upper,
    INTERVAL_METHOD: v.intervalMethod,
    NUMERATOR: v.numerator,
    DENOMINATOR: v.denominator,
  };
}

/**
 * An assessment as an observation of WDP_ASSESSMENTS at the year it rests on. When the value cell of that
 * year is withheld, so is every figure derived from it (the current value, its interval, the growth rates,
 * ratio and projection), as the published report does; the status stays, since it is what the plan is judged by.
 */
export function assessmentObservation(a: AssessmentDto, unit: string, suppressed: 'small_cell' | 'complementary' | undefined): Observation | undefined {
  if (a.year === null || a.sex === 'gap') return undefined;
  const s = a.summary;
  const hidden = suppressed !== undefined;
  const shown = (v: number | null) => (hidden ? null : v);
  return {
    INDICATOR: a.indicatorCode,
    REF_AREA: a.areaCode,
    SEX: sdmxSex(a.sex as SexOrTotal),
    AGE: TOTAL,
    [TIME_PERIOD]: String(a.year),
    OBS_VALUE: shown(s.currentValue),
    ASSESSMENT_STATUS: a.status,
    UNIT_MEASURE: unit,
    CONF_STATUS: confStatus(suppressed),
    LOWER_BOUND: shown(s.currentLower),
    UPPER_BOUND: shown(s.currentUpper),
    BASE_PERIOD: s.baseYear === null ? null : String(s.baseYear),
    BASE_VALUE: s.baseValue,
    TARGET_VALUE: s.targetValue,
    OBSERVED_CAGR: shown(s.observedCagr),
    REQUIRED_CAGR: s.requiredCagr,
    PROGRESS_RATIO: shown(s.ratio),
    PROJECTED_VALUE: shown(s.projectedValue),
    EVIDENCE: s.evidence,
    METHODOLOGY_VERSION: a.methodologyVersion,
  };
}

export function indicatorCodelist(indicators: readonly IndicatorDefinition[]): Codelist {
  return {
    id: 'CL_INDICATOR',
    names: { en: 'Indicators of the women’s development plan', zh: '妇女发展规划监测指标' },
    codes: [...indicators].sort((a, b) => a.code.localeCompare(b.code)).map((i) => ({ id: i.code, names: { en: i.nameEn, zh: i.nameZh } })),
  };
}

/** The area hierarchy as a hierarchical code list: each code names its parent. */
/** The district's areas and the areas above it (their values come from returns), each under its parent. */
export function areaCodelist(areas: readonly (Area | ReferenceArea)[]): Codelist {
  return {
    id: 'CL_AREA',
    names: { en: 'Areas of the district', zh: '区划' },
    codes: areas.map((a) => ({ id: a.code, names: { en: a.nameEn ?? a.nameZh, zh: a.nameZh }, ...(a.parent ? { parent: a.parent } : {}) })),
  };
}

export function returnKindCodelist(kinds: readonly ReturnKindDefinition[]): Codelist {
  return {
    id: 'CL_RETURN_KIND',
    names: { en: 'Return kinds of the district statistics bureau', zh: '区统计局报表种类' },
    codes: kinds.map((k) => ({ id: k.kind, names: { en: k.nameEn, zh: k.nameZh } })),
  };
}
