import { AGE_BANDS, SEX_LABELS, UNITS, type SexOrTotal } from '@wdp/contracts';

/**
 * The SDMX structures the district publishes: one agency, three dataflows (indicator values, assessments, the
 * statistics bureau's returns), their data structure definitions, the concepts and the code lists. Plain data,
 * so the structure message, the data messages and the SDMX-CSV reader all read the same definitions.
 */
export const AGENCY = 'CN_YUNYAN';
export const AGENCY_NAMES = { en: 'Yunyan District, Guiyang', zh: '贵阳市云岩区' };
/** SDMX 3.0 semantic version of every artefact here; a breaking change to a structure gets 2.0.0 beside it. */
export const SDMX_VERSION = '1.0.0';
export const CONCEPT_SCHEME = 'CS_WDP';
export const CONCEPT_SCHEME_NAMES = { en: 'Concepts of the women’s development plan data', zh: '妇女发展规划数据概念' };

export type TextType = 'String' | 'Double' | 'ObservationalTimePeriod';

export interface Names {
  en: string;
  zh: string;
}

export interface ComponentDef {
  id: string;
  names: Names;
  /** A coded component names its code list; an uncoded one its text type. */
  codelist?: string;
  textType?: TextType;
}

export interface AttributeDef extends ComponentDef {
  usage: 'mandatory' | 'optional';
  /** `observation`: varies with each observation; otherwise the dimensions its value depends on. */
  relationship: 'observation' | readonly string[];
}

export interface DataStructureDef {
  id: string;
  names: Names;
  /** In key order; the time dimension (TIME_PERIOD) is last. */
  dimensions: readonly ComponentDef[];
  measures: readonly ComponentDef[];
  attributes: readonly AttributeDef[];
}

export interface DataflowDef {
  id: string;
  names: Names;
  dsd: DataStructureDef;
}

export const TIME_PERIOD = 'TIME_PERIOD';

const dim = (id: string, en: string, zh: string, codelist: string): ComponentDef => ({ id, names: { en, zh }, codelist });
const TIME: ComponentDef = { id: TIME_PERIOD, names: { en: 'Time period', zh: '统计期' }, textType: 'ObservationalTimePeriod' };
const REF_AREA = dim('REF_AREA', 'Reference area', '区划', 'CL_AREA');
const SEX = dim('SEX', 'Sex', '性别', 'CL_SEX');
const AGE = dim('AGE', 'Age', '年龄组', 'CL_AGE');
const OBS_VALUE: ComponentDef = { id: 'OBS_VALUE', names: { en: 'Observation value', zh: '观测值' }, textType: 'Double' };

const number = (id: string, en: string, zh: string, usage: AttributeDef['usage'] = 'optional'): AttributeDef => ({ id, names: { en, zh }, textType: 'Double', usage, relationship: 'observation' });
const coded = (id: string, en: string, zh: string, codelist: string, usage: AttributeDef['usage'], relationship: AttributeDef['relationship'] = 'observation'): AttributeDef => ({
  id, names: { en, zh }, codelist, usage, relationship,
});

const LOWER_BOUND = number('LOWER_BOUND', 'Lower limit of the 95 % interval', '95%区间下限');
const UPPER_BOUND = number('UPPER_BOUND', 'Upper limit of the 95 % interval', '95%区间上限');
const CONF_STATUS = coded('CONF_STATUS', 'Confidentiality status', '保密状态', 'CL_CONF_STATUS', 'mandatory');
const NUMERATOR = number('NUMERATOR', 'Numerator', '分子');
const DENOMINATOR = number('DENOMINATOR', 'Denominator', '分母');

export const INDICATORS_DSD: DataStructureDef = {
  id: 'DSD_WDP_INDICATORS',
  names: { en: 'Women’s development indicators', zh: '妇女发展规划监测指标' },
  dimensions: [dim('INDICATOR', 'Indicator', '指标', 'CL_INDICATOR'), REF_AREA, SEX, AGE, TIME],
  measures: [OBS_VALUE],
  attributes: [
    coded('UNIT_MEASURE', 'Unit of measure', '计量单位', 'CL_UNIT_MEASURE', 'mandatory', ['INDICATOR']),
    coded('OBS_STATUS', 'Observation status', '观测状态', 'CL_OBS_STATUS', 'mandatory'),
    CONF_STATUS,
    LOWER_BOUND,
    UPPER_BOUND,
    coded('INTERVAL_METHOD', 'Method of the 95 % interval', '区间计算方法', 'CL_INTERVAL_METHOD', 'optional'),
    NUMERATOR,
    DENOMINATOR,
  ],
};

export const ASSESSMENTS_DSD: DataStructureDef = {
  id: 'DSD_WDP_ASSESSMENTS',
  names: { en: 'Assessments of progress towards the plan’s targets', zh: '规划目标进展评估' },
  dimensions: [dim('INDICATOR', 'Indicator', '指标', 'CL_INDICATOR'), REF_AREA, SEX, AGE, TIME],
  measures: [{ ...OBS_VALUE, names: { en: 'Current value the assessment rests on', zh: '评估所依据的当前值' } }],
  attributes: [
    coded('ASSESSMENT_STATUS', 'Assessment status', '评估结论', 'CL_ASSESSMENT_STATUS', 'mandatory'),
    coded('UNIT_MEASURE', 'Unit of measure', '计量单位', 'CL_UNIT_MEASURE', 'mandatory', ['INDICATOR']),
    CONF_STATUS,
    LOWER_BOUND,
    UPPER_BOUND,
    { id: 'BASE_PERIOD', names: { en: 'Base year', zh: '基期' }, textType: 'String', usage: 'optional', relationship: 'observation' },
    number('BASE_VALUE', 'Base-year value', '基期值'),
    number('TARGET_VALUE', 'Target value', '目标值'),
    number('OBSERVED_CAGR', 'Observed compound annual growth rate', '实际年均增长率'),
    number('REQUIRED_CAGR', 'Compound annual growth rate required to reach the target', '达标所需年均增长率'),
    number('PROGRESS_RATIO', 'Observed ÷ required growth, signed by direction', '进展比'),
    number('PROJECTED_VALUE', 'Projected target-year value', '目标年预测值'),
    coded('EVIDENCE', 'Strength of the evidence', '证据强度', 'CL_EVIDENCE', 'optional'),
    { id: 'METHODOLOGY_VERSION', names: { en: 'Methodology version', zh: '评估方法版本' }, textType: 'String', usage: 'mandatory', relationship: 'observation' },
  ],
};

export const RETURNS_DSD: DataStructureDef = {
  id: 'DSD_WDP_RETURNS',
  names: { en: 'Statistical returns of the district statistics bureau', zh: '区统计局统计报表' },
  dimensions: [dim('RETURN_KIND', 'Return kind', '报表种类', 'CL_RETURN_KIND'), REF_AREA, SEX, AGE, TIME],
  measures: [OBS_VALUE],
  attributes: [coded('UNIT_MEASURE', 'Unit of measure', '计量单位', 'CL_UNIT_MEASURE', 'optional', ['RETURN_KIND']), NUMERATOR, DENOMINATOR],
};

export const INDICATORS_FLOW: DataflowDef = { id: 'WDP_INDICATORS', names: { en: 'Women’s development indicator values', zh: '妇女发展监测指标值' }, dsd: INDICATORS_DSD };
export const ASSESSMENTS_FLOW: DataflowDef = { id: 'WDP_ASSESSMENTS', names: { en: 'Progress assessments', zh: '目标进展评估' }, dsd: ASSESSMENTS_DSD };
export const RETURNS_FLOW: DataflowDef = { id: 'WDP_RETURNS', names: { en: 'Statistics bureau returns', zh: '区统计局报表数据' }, dsd: RETURNS_DSD };
export const DATAFLOWS: readonly DataflowDef[] = [INDICATORS_FLOW, ASSESSMENTS_FLOW, RETURNS_FLOW];

/** `CN_YUNYAN:WDP_INDICATORS(1.0.0)`, as SDMX-CSV's STRUCTURE_ID column writes a dataflow. */
export const structureId = (id: string) => `${AGENCY}:${id}(${SDMX_VERSION})`;
export const urn = (cls: string, id: string, item?: string) => `urn:sdmx:org.sdmx.infomodel.${cls}=${structureId(id)}${item ? `.${item}` : ''}`;
export const dataflowUrn = (flow: DataflowDef) => urn('datastructure.Dataflow', flow.id);
export const dsdUrn = (dsd: DataStructureDef) => urn('datastructure.DataStructure', dsd.id);
export const codelistUrn = (id: string) => urn('codelist.Codelist', id);
export const conceptUrn = (id: string) => urn('conceptscheme.Concept', CONCEPT_SCHEME, id);

/** Every component of a structure, in SDMX-CSV column order: dimensions, measures, attributes. */
export function componentsOf(dsd: DataStructureDef): ComponentDef[] {
  return [...dsd.dimensions, ...dsd.measures, ...dsd.attributes];
}

export interface Code {
  id: string;
  names: Names;
  parent?: string;
}

export interface Codelist {
  id: string;
  names: Names;
  codes: Code[];
}

/** SDMX's code for "total" (all sexes, all ages), from the SDMX cross-domain code lists. */
export const TOTAL = '_T';

export function sdmxSex(sex: SexOrTotal): string {
  return sex === 'T' ? TOTAL : sex;
}

export function sexOfSdmx(code: string): SexOrTotal | undefined {
  return code === TOTAL ? 'T' : code === 'F' || code === 'M' ? code : undefined;
}

/** `30-34` ↔ `Y30T34`, `85+` ↔ `Y_GE85`: SDMX age codes (CL_AGE), since an SDMX id cannot hold `+`. */
export function sdmxAge(band: string): string {
  if (band.endsWith('+')) return `Y_GE${band.slice(0, -1)}`;
  const [from, to] = band.split('-');
  return `Y${from}T${to}`;
}

const AGE_BY_CODE = new Map<string, string>(AGE_BANDS.map((b) => [sdmxAge(b), b]));

/** The age band of an SDMX age code; null for `_T` (all ages); undefined for anything else. */
export function ageOfSdmx(code: string): string | null | undefined {
  return code === TOTAL ? null : AGE_BY_CODE.get(code);
}

/** The assessment statuses and evidence levels of the methodology (docs/methodology.md). */
export const ASSESSMENT_STATUSES: Readonly<Record<string, Names>> = {
  achieved: { en: 'Target achieved', zh: '已达标' },
  on_track: { en: 'On track', zh: '按进度推进' },
  acceleration_needed: { en: 'Acceleration needed', zh: '需加快' },
  limited: { en: 'Limited progress', zh: '进展有限' },
  deteriorating: { en: 'Deteriorating', zh: '恶化' },
  insufficient_data: { en: 'Insufficient data', zh: '数据不足' },
  undetermined: { en: 'Undetermined', zh: '无法判断' },
  insufficient_evidence: { en: 'Insufficient evidence', zh: '证据不足' },
  narrowing: { en: 'Gap narrowing', zh: '差距缩小' },
  widening: { en: 'Gap widening', zh: '差距扩大' },
  stable: { en: 'Gap stable', zh: '差距稳定' },
};

/** Code lists that do not depend on stored data. */
export function fixedCodelists(): Codelist[] {
  return [
    {
      id: 'CL_SEX',
      names: { en: 'Sex', zh: '性别' },
      codes: (['F', 'M', 'T'] as const).map((s) => ({ id: sdmxSex(s), names: { en: SEX_LABELS[s].nameEn, zh: SEX_LABELS[s].nameZh } })),
    },
    {
      id: 'CL_AGE',
      names: { en: 'Age (five-year bands)', zh: '年龄（五岁组）' },
      codes: [
        { id: TOTAL, names: { en: 'All ages', zh: '全部年龄' } },
        ...AGE_BANDS.map((b) => ({ id: sdmxAge(b), names: { en: b.endsWith('+') ? `${b.slice(0, -1)} years and over` : `${b} years`, zh: b.endsWith('+') ? `${b.slice(0, -1)}岁及以上` : `${b}岁` } })),
      ],
    },
    {
      id: 'CL_UNIT_MEASURE',
      names: { en: 'Unit of measure', zh: '计量单位' },
      codes: Object.entries(UNITS).map(([id, u]) => ({ id, names: { en: u.nameEn, zh: u.nameZh } })),
    },
    {
      id: 'CL_OBS_STATUS',
      names: { en: 'Observation status', zh: '观测状态' },
      codes: [
        { id: 'A', names: { en: 'Normal value', zh: '正常值' } },
        { id: 'P', names: { en: 'Provisional value', zh: '初步值' } },
      ],
    },
    {
      id: 'CL_CONF_STATUS',
      names: { en: 'Confidentiality status', zh: '保密状态' },
      codes: [
        { id: 'F', names: { en: 'Free', zh: '公开' } },
        { id: 'C', names: { en: 'Confidential: fewer than k records (small-cell suppression)', zh: '保密：记录数少于k（小单元格抑制）' } },
        { id: 'D', names: { en: 'Secondary confidentiality: withheld so that a small cell cannot be derived', zh: '次级保密：为防止推算小单元格而隐藏' } },
      ],
    },
    {
      id: 'CL_INTERVAL_METHOD',
      names: { en: 'Method of the 95 % interval', zh: '95%区间计算方法' },
      codes: [
        { id: 'wilson', names: { en: 'Wilson score interval (shares)', zh: 'Wilson 区间（比例）' } },
        { id: 'poisson_exact', names: { en: 'Exact Poisson interval (rates)', zh: '精确泊松区间（率）' } },
      ],
    },
    {
      id: 'CL_ASSESSMENT_STATUS',
      names: { en: 'Assessment status', zh: '评估结论' },
      codes: Object.entries(ASSESSMENT_STATUSES).map(([id, names]) => ({ id, names })),
    },
    {
      id: 'CL_EVIDENCE',
      names: { en: 'Strength of the evidence', zh: '证据强度' },
      codes: [
        { id: 'weak', names: { en: 'Weak', zh: '弱' } },
        { id: 'moderate', names: { en: 'Moderate', zh: '中' } },
        { id: 'strong', names: { en: 'Strong', zh: '强' } },
      ],
    },
  ];
}
