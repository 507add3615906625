import { type AreaIndex, recordKind } from '@wdp/contracts';
import { isInputRef } from '@wdp/indicators';
import { inputKeyOf } from '../indicator-store/input-key';
import { checkRule, sameTimeLastYear } from './check-rule';
import type { RuleDefinition } from './rule';
import { type PeriodRows, ruleValuesOf } from './rule-values';
import type { FoundViolation } from './validation.repository';

/** What a rule reads, so its data can be loaded in two queries. */
export interface RuleInputs {
  inputKeys: string[];
  /** Inputs of snapshot kinds (aggregation 'latest'), read by month. */
  snapshotKeys: string[];
  /** `department/kind` of the returns it reads. */
  returnKinds: string[];
  readsSubAreas: boolean;
}

export function ruleInputs(def: RuleDefinition): RuleInputs {
  const terms = [...def.left, ...def.right];
  const inputKeys = new Set<string>();
  const snapshotKeys = new Set<string>();
  const returnKinds = new Set<string>();
  for (const { operand } of terms) {
    if (isInputRef(operand)) {
      inputKeys.add(inputKeyOf(operand));
      if (recordKind(operand.department, operand.recordKind)?.aggregation === 'latest') snapshotKeys.add(inputKeyOf(operand));
    } else returnKinds.add(`${operand.department}/${operand.returnKind}`);
  }
  return { inputKeys: [...inputKeys], snapshotKeys: [...snapshotKeys], returnKinds: [...returnKinds], readsSubAreas: terms.some((t) => t.areas === 'sub-areas') };
}

/** The areas whose data a check of `areaCodes` reads: they and, for a rule with sub-area terms, their direct sub-areas. */
export function areasRead(inputs: RuleInputs, areaCodes: readonly string[], areas: AreaIndex): string[] {
  const out = new Set(areaCodes);
  if (inputs.readsSubAreas) for (const code of areaCodes) for (const child of areas.children(code)) out.add(child.code);
  return [...out];
}

/**
 * Checks a rule at each of `areaCodes` in each of `periods` (default: every period that has data) and returns
 * where it is broken, with both sides' numbers, and how many area × period checks could be made at all.
 */
export function findViolations(
  def: RuleDefinition,
  byPeriod: ReadonlyMap<string, PeriodRows>,
  snapshotKeys: ReadonlySet<string>,
  areas: AreaIndex,
  areaCodes: readonly string[],
  periods: readonly string[] = [...byPeriod.keys()],
): { checked: number; found: FoundViolation[] } {
  const found: FoundViolation[] = [];
  let checked = 0;
  for (const period of [...periods].sort()) {
    const values = ruleValuesOf(period, byPeriod.get(period), snapshotKeys);
    const previousPeriod = sameTimeLastYear(period);
    const previous = def.operator === 'yoy_within' ? ruleValuesOf(previousPeriod, byPeriod.get(previousPeriod), snapshotKeys) : undefined;
    for (const areaCode of areaCodes) {
      const result = checkRule(def, areaCode, areas, values, previous);
      if (!result) continue;
      checked++;
      if (!result.holds) found.push({ areaCode, period, left: result.left, right: result.right });
    }
  }
  return { checked, found };
}
