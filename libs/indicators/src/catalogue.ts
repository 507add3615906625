import type { DepartmentCode } from '@wdp/contracts';
import { isInputRef, isObservationRef, operandsOf } from './builders';
import { DECISION_MAKING_INDICATORS } from './catalogue/decision-making';
import { ECONOMY_INDICATORS } from './catalogue/economy';
import { EDUCATION_INDICATORS } from './catalogue/education';
import { ENVIRONMENT_INDICATORS } from './catalogue/environment';
import { FAMILY_INDICATORS } from './catalogue/family';
import { HEALTH_INDICATORS } from './catalogue/health';
import { LAW_INDICATORS } from './catalogue/law';
import { RURAL_REVITALIZATION_INDICATORS } from './catalogue/rural-revitalization';
import { SOCIAL_SECURITY_INDICATORS } from './catalogue/social-security';
import type { Domain } from './domains';
import type { IndicatorDefinition } from './types';

/**
 * Version of the catalogue as a whole. Bump the minor version when entries are added, the major version
 * when an existing code changes meaning (which should instead retire the code and add a new one).
 */
export const CATALOGUE_VERSION = '1.0.0';

export const INDICATORS: readonly IndicatorDefinition[] = Object.freeze([
  ...HEALTH_INDICATORS,
  ...EDUCATION_INDICATORS,
  ...ECONOMY_INDICATORS,
  ...RURAL_REVITALIZATION_INDICATORS,
  ...DECISION_MAKING_INDICATORS,
  ...SOCIAL_SECURITY_INDICATORS,
  ...FAMILY_INDICATORS,
  ...ENVIRONMENT_INDICATORS,
  ...LAW_INDICATORS,
]);

const byCode = new Map(INDICATORS.map((i) => [i.code, i]));

export function indicatorByCode(code: string): IndicatorDefinition | undefined {
  return byCode.get(code);
}

export function indicatorsOfDomain(domain: Domain): IndicatorDefinition[] {
  return INDICATORS.filter((i) => i.domain === domain);
}

export function indicatorsOfDepartment(department: DepartmentCode | string): IndicatorDefinition[] {
  return INDICATORS.filter((i) => i.department === department);
}

const formulasOf = (i: IndicatorDefinition) => (i.reference ? [i.definition, i.reference] : [i.definition]);

/** Indicators whose value depends on records of this kind: the ones to recompute when such a record arrives. */
export function indicatorsUsingRecordKind(department: string, kind: string): IndicatorDefinition[] {
  return INDICATORS.filter((i) =>
    formulasOf(i).some((f) => operandsOf(f).some((op) => isInputRef(op) && op.department === department && op.recordKind === kind)),
  );
}

/** Indicators whose value depends on returns of this kind. */
export function indicatorsUsingReturnKind(department: string, kind: string): IndicatorDefinition[] {
  return INDICATORS.filter((i) =>
    formulasOf(i).some((f) => operandsOf(f).some((op) => isObservationRef(op) && op.department === department && op.returnKind === kind)),
  );
}
