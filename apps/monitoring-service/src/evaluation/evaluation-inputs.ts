import { type AreaIndex, recordKind } from '@wdp/contracts';
import type { IndicatorDefinition } from '@wdp/indicators';
import { inputRefsOf, returnKindsOf } from '../indicator-store/catalogue-index';
import { inputKeyOf } from '../indicator-store/input-key';

export interface EvaluationInputs {
  inputKeys: string[];
  /** Inputs of snapshot kinds (aggregation 'latest'): read by month. */
  snapshotKeys: string[];
  returnKinds: string[];
  /** The evaluated areas plus the sub-areas that distinct-area counts look into. */
  areaCodes: string[];
}

/** Everything the evaluation of these indicator × area pairs reads, so it can be loaded in two queries. */
export function evaluationInputs(pairs: readonly { indicator: IndicatorDefinition; areaCode: string }[], areas: AreaIndex): EvaluationInputs {
  const inputKeys = new Set<string>();
  const snapshotKeys = new Set<string>();
  const returnKinds = new Set<string>();
  const areaCodes = new Set<string>();
  for (const { indicator, areaCode } of pairs) {
    areaCodes.add(areaCode);
    for (const ref of inputRefsOf(indicator)) {
      const key = inputKeyOf(ref);
      inputKeys.add(key);
      if (recordKind(ref.department, ref.recordKind)?.aggregation === 'latest') snapshotKeys.add(key);
      if (ref.distinctAreas) {
        for (const a of areas.areas) if (a.level === ref.distinctAreas && areas.isWithin(a.code, areaCode)) areaCodes.add(a.code);
      }
    }
    returnKindsOf(indicator).forEach((k) => returnKinds.add(k));
  }
  return { inputKeys: [...inputKeys], snapshotKeys: [...snapshotKeys], returnKinds: [...returnKinds], areaCodes: [...areaCodes] };
}
