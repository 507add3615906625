import type { ValidateFunction } from 'ajv';
import { loadAreas, returnKindsOf } from '@wdp/contracts';
import { INDICATORS } from '@wdp/indicators';
import type { AssessmentDto } from '../query/dto/assessment.dto';
import type { ValueDto } from '../query/dto/value.dto';
import { officialSdmxSchema } from '../test-support/sdmx-official-schemas';
import { codeNamesOf, jsonDataMessage, structureMessage } from './sdmx-messages';
import { ASSESSMENTS_FLOW, DATAFLOWS, fixedCodelists, INDICATORS_FLOW, RETURNS_FLOW } from './sdmx-model';
import { areaCodelist, assessmentObservation, indicatorCodelist, returnKindCodelist, valueObservation } from './sdmx-observations';

// The messages checked against the SDMX-TWG's own JSON Schemas for SDMX-JSON 2.0.0, not against our reading of the standard.
const dataSchema = officialSdmxSchema('sdmx-json-data-schema.json');
const structureSchema = officialSdmxSchema('sdmx-json-structure-schema.json');

const areas = loadAreas();
const DISTRICT = areas.areas.find((a) => a.parent === null)!.code;
const STREET = areas.children(DISTRICT)[0].code;
const codelists = [indicatorCodelist(INDICATORS), areaCodelist(areas.areas), returnKindCodelist(returnKindsOf('statistics')), ...fixedCodelists()];
const header = { id: 'WDP-test-1', prepared: '2026-12-01T08:00:00.000Z' };

const value = (over: Partial<ValueDto>): ValueDto => ({
  indicatorCode: 'HEA-02', areaCode: DISTRICT, sex: 'T', period: '2024', value: 9.8, numerator: 1, denominator: 10204,
  unit: 'per-100k-live-births', lower: 0.25, upper: 54.6, intervalMethod: 'poisson_exact', ...over,
});

const values: ValueDto[] = [
  value({}),
  value({ period: '2023', value: 19.1, numerator: 2, denominator: 10470, lower: 2.3, upper: 69 }),
  // Withheld: a small cell and its complement keep their key and say why, with nothing that gives them away.
  value({ areaCode: STREET, value: null, numerator: null, denominator: null, lower: null, upper: null, intervalMethod: null, suppressed: 'small_cell' }),
  value({ indicatorCode: 'EDU-07', sex: 'F', period: '2024-Q2', unit: 'percent', value: 20, numerator: 8, denominator: 40, lower: 10.5, upper: 34.8, intervalMethod: 'wilson' }),
  value({ indicatorCode: 'EDU-07', sex: 'M', period: '2024-Q2', unit: 'percent', value: null, numerator: null, denominator: null, lower: null, upper: null, intervalMethod: null, suppressed: 'complementary' }),
];

const assessment: AssessmentDto = {
  indicatorCode: 'HEA-02', areaCode: DISTRICT, sex: 'T', year: 2024, status: 'limited', alertKinds: ['limited'],
  summary: {
    baseYear: 2020, baseValue: 18.5, currentYear: 2024, currentValue: 16.9, targetValue: 14, observedCagr: -0.0224, requiredCagr: -0.0546,
    ratio: 0.41, projectedValue: 16.2, currentLower: 14.1, currentUpper: 19.9, evidence: 'moderate',
  },
  methodologyVersion: '1.0.0', catalogueRevision: 1, computedAt: '2026-11-29T05:30:00.000Z',
};

function expectValid(validate: ValidateFunction, message: unknown): void {
  const ok = validate(message);
  expect(validate.errors ?? []).toEqual([]);
  expect(ok).toBe(true);
}

describe('SDMX-JSON 2.0 messages against the official SDMX-TWG schemas', () => {
  it('accepts the structure message: three dataflows, their DSDs, the concepts and every code list', () => {
    const message = structureMessage(header, DATAFLOWS, codelists);
    expectValid(structureSchema, message);
    expect(message.data.dataflows.map((f) => f.id)).toEqual(['WDP_INDICATORS', 'WDP_ASSESSMENTS', 'WDP_RETURNS']);
    expect(message.data.codelists.find((c) => c.id === 'CL_INDICATOR')!.codes).toHaveLength(INDICATORS.length);
  });

  it('accepts the values data message, withheld cells included', () => {
    const message = jsonDataMessage(header, INDICATORS_FLOW, values.map((v) => valueObservation(v)), codeNamesOf(codelists));
    expectValid(dataSchema, message);
    expect(Object.keys(message.data.dataSets[0].observations)).toHaveLength(values.length);
  });

  it('accepts the provisional view, every observation OBS_STATUS P', () => {
    const message = jsonDataMessage(header, INDICATORS_FLOW, values.map((v) => valueObservation(v, 'provisional')), codeNamesOf(codelists));
    expectValid(dataSchema, message);
    expect(message.data.structures[0].attributes.observation.find((a) => a.id === 'OBS_STATUS')!.values!.map((v) => v.id)).toEqual(['P']);
  });

  it('accepts the assessments data message, with a withheld current value', () => {
    const observations = [assessmentObservation(assessment, 'per-100k-live-births', undefined)!, assessmentObservation({ ...assessment, areaCode: STREET }, 'per-100k-live-births', 'small_cell')!];
    expectValid(dataSchema, jsonDataMessage(header, ASSESSMENTS_FLOW, observations, codeNamesOf(codelists)));
  });

  it('accepts an empty data message (a filter that matches nothing)', () => {
    expectValid(dataSchema, jsonDataMessage(header, RETURNS_FLOW, [], codeNamesOf(codelists)));
  });

  it('is a real check: the schema refuses a message with a malformed id, a code SDMX cannot hold or no preparation time', () => {
    const message = jsonDataMessage(header, INDICATORS_FLOW, values.map((v) => valueObservation(v)), codeNamesOf(codelists));
    expect(dataSchema({ ...message, meta: { ...message.meta, id: 'has space' } })).toBe(false);
    const { prepared: _prepared, ...withoutPrepared } = message.meta;
    expect(dataSchema({ ...message, meta: withoutPrepared })).toBe(false);
    const structure = message.data.structures[0];
    const badAge = { ...structure, dimensions: { observation: structure.dimensions.observation.map((d) => (d.id === 'AGE' ? { ...d, values: [{ id: '85+', name: '85+' }] } : d)) } };
    expect(dataSchema({ ...message, data: { ...message.data, structures: [badAge] } })).toBe(false);
    const structures = structureMessage(header, DATAFLOWS, codelists);
    const [first, ...rest] = structures.data.codelists;
    expect(structureSchema({ ...structures, data: { ...structures.data, codelists: [{ ...first, codes: [{ id: '85+', name: '85+' }] }, ...rest] } })).toBe(false);
    const { agencyID: _agency, ...flowWithoutAgency } = structures.data.dataflows[0];
    expect(structureSchema({ ...structures, data: { ...structures.data, dataflows: [flowWithoutAgency] } })).toBe(false);
  });
});
