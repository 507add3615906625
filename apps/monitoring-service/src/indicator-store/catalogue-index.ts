import { type IndicatorDefinition, type IndicatorFormula, type InputRef, isInputRef, isObservationRef, operandsOf } from '@wdp/indicators';
import { inputKeyOf } from './input-key';

/** One record-fact series the catalogue needs, with the filter that decides which records feed it. */
export interface FactInput {
  key: string;
  department: string;
  recordKind: string;
  where: InputRef['where'];
}

/**
 * What the consumer needs to know about the catalogue, indexed: which fact inputs a record of a kind
 * feeds, and which indicators to recompute when an input or a return kind changes.
 */
export interface CatalogueIndex {
  inputsForRecordKind(department: string, recordKind: string): readonly FactInput[];
  indicatorsUsingInput(inputKey: string): readonly string[];
  indicatorsUsingReturnKind(department: string, returnKind: string): readonly string[];
}

export function formulasOf(indicator: IndicatorDefinition): IndicatorFormula[] {
  return indicator.reference ? [indicator.definition, indicator.reference] : [indicator.definition];
}

export function inputRefsOf(indicator: IndicatorDefinition): InputRef[] {
  return formulasOf(indicator).flatMap((f) => operandsOf(f).filter(isInputRef));
}

/** `department/kind` of every return kind the indicator reads. */
export function returnKindsOf(indicator: IndicatorDefinition): string[] {
  const kinds = formulasOf(indicator).flatMap((f) => operandsOf(f).filter(isObservationRef).map((op) => `${op.department}/${op.returnKind}`));
  return [...new Set(kinds)];
}

export function buildCatalogueIndex(indicators: readonly IndicatorDefinition[]): CatalogueIndex {
  const inputsByKind = new Map<string, Map<string, FactInput>>();
  const byInput = new Map<string, Set<string>>();
  const byReturn = new Map<string, Set<string>>();
  const add = (map: Map<string, Set<string>>, key: string, code: string) => {
    if (!map.has(key)) map.set(key, new Set());
    map.get(key)!.add(code);
  };
  for (const indicator of indicators) {
    for (const ref of inputRefsOf(indicator)) {
      const key = inputKeyOf(ref);
      const kind = `${ref.department}/${ref.recordKind}`;
      if (!inputsByKind.has(kind)) inputsByKind.set(kind, new Map());
      inputsByKind.get(kind)!.set(key, { key, department: ref.department, recordKind: ref.recordKind, where: ref.where });
      add(byInput, key, indicator.code);
    }
    for (const kind of returnKindsOf(indicator)) add(byReturn, kind, indicator.code);
  }
  const sorted = (s: Set<string> | undefined) => (s ? [...s].sort() : []);
  return {
    inputsForRecordKind: (department, recordKind) => [...(inputsByKind.get(`${department}/${recordKind}`)?.values() ?? [])],
    indicatorsUsingInput: (key) => sorted(byInput.get(key)),
    indicatorsUsingReturnKind: (department, returnKind) => sorted(byReturn.get(`${department}/${returnKind}`)),
  };
}
