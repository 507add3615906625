import { loadAreas, type RecordEventData, type RecordFact } from '@wdp/contracts';

/** The repository's real area reference data. */
export const AREAS = loadAreas();
export const DISTRICT = '520103';
export const STREET = '520103001';
export const COMMUNITY = '520103001001';
export const OTHER_STREET = '520103002';
export const OTHER_COMMUNITY = '520103002001';

let seq = 0;

export function birth(over: Partial<RecordFact> = {}): RecordFact {
  return {
    kind: 'live-birth',
    area: COMMUNITY,
    period: '2024-03',
    sex: 'F',
    ageBand: '25-29',
    count: 1,
    attributes: { deliveryPlace: 'hospital', deliveryMode: 'vaginal' },
    ...over,
  };
}

export function maternalDeath(over: Partial<RecordFact> = {}): RecordFact {
  return {
    kind: 'maternal-death',
    area: COMMUNITY,
    period: '2024-05',
    ageBand: '30-34',
    count: 1,
    attributes: { causeGroup: 'obstetric-haemorrhage', placeOfDeath: 'hospital' },
    ...over,
  };
}

export function recorded(current: RecordFact, recordId = `rec-${++seq}`): RecordEventData {
  return { recordId, revision: 1, operation: 'recorded', department: 'health', current, previous: null };
}

export function revised(previous: RecordFact, current: RecordFact, recordId: string, revision = 2): RecordEventData {
  return { recordId, revision, operation: 'revised', department: 'health', current, previous };
}

export function withdrawn(previous: RecordFact, recordId: string, revision = 3): RecordEventData {
  return { recordId, revision, operation: 'withdrawn', department: 'health', current: null, previous };
}
