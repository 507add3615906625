import { METHODOLOGY_VERSION } from '@wdp/methodology';
import type { SlotTransition } from '../alerts/alert-plan';
import type { LateDataset } from './completeness';

const DAY_MS = 86_400_000;

/**
 * The late_dataset alert of each verdict: raised while a period is late, resolved once every late period has
 * arrived. Its slot is the dataset's own (`owners`: slotOwners), sex T, in the verdict's area, so a dataset
 * is one alert per area however many indicators wait for it; the alert names them (`blocks`). Pure.
 */
export function lateDatasetTransitions(verdicts: readonly LateDataset[], owners: ReadonlyMap<string, string>, now: Date): SlotTransition[] {
  return verdicts.map(({ dataset, areaCode, missing }) => {
    const late = missing.length > 0;
    const facts = {
      methodologyVersion: METHODOLOGY_VERSION,
      dataset: dataset.key,
      datasetType: dataset.type,
      department: dataset.department,
      frequency: dataset.frequency,
      deadlineDaysAfterPeriodEnd: dataset.deadlineDaysAfterPeriodEnd,
    };
    return {
      indicatorCode: owners.get(dataset.key)!,
      areaCode,
      sex: 'T',
      kind: 'late_dataset' as const,
      action: late ? ('raise' as const) : ('resolve' as const),
      components: late
        ? { ...facts, missing, daysOverdue: Math.floor((now.getTime() - new Date(missing[0].dueBy).getTime()) / DAY_MS), blocks: dataset.indicators }
        : { ...facts, missing: [] },
      assessmentStatus: late ? 'late' : 'received',
    };
  });
}
