import { type AreaIndex, type ReturnEventData, type ReturnFacts, type SexOrTotal, validateReturnFacts } from '@wdp/contracts';

/** The state of one statistical return after a batch: the highest revision seen in it. */
export interface ReturnChange {
  returnId: string;
  department: string;
  revision: number;
  withdrawn: boolean;
  /** The return's content at that revision (for a withdrawal: what is withdrawn, if the event says). */
  facts: ReturnFacts | null;
  /** Areas of every version seen in the batch: their indicators must be recomputed. */
  areas: string[];
  returnKinds: string[];
  /** Earliest year of every version seen in the batch: values from it on may change. */
  fromYear: number;
  submittedAt: string;
  eventId: string;
}

export interface ObservationRow {
  returnId: string;
  sex: SexOrTotal;
  ageBand: string;
  department: string;
  returnKind: string;
  areaCode: string;
  period: string;
  year: number;
  value: number;
  numerator: number | null;
  denominator: number | null;
  unit: string;
  revision: number;
  withdrawn: boolean;
  submittedAt: string;
}

export class UnprocessableReturnError extends Error {}

export interface ReturnEventInput {
  data: ReturnEventData;
  eventId: string;
  time: string;
}

/**
 * Reduces a batch to one change per return: the highest revision wins (on a tie a withdrawal wins), so
 * the stored state never depends on the order revisions arrive in. The database applies the same rule
 * against what it already holds.
 */
export function reduceReturnEvents(events: readonly ReturnEventInput[], areas: Pick<AreaIndex, 'has'>): ReturnChange[] {
  const byId = new Map<string, ReturnChange>();
  for (const { data, eventId, time } of events) {
    const facts = data.current ?? data.previous;
    for (const f of [data.current, data.previous]) {
      if (!f) continue;
      if (!areas.has(f.area)) throw new UnprocessableReturnError(`unknown area ${f.area}`);
      const problems = validateReturnFacts(data.department, f);
      if (problems.length > 0) throw new UnprocessableReturnError(`invalid ${data.department}/${f.kind} return: ${problems.join('; ')}`);
    }
    if (!facts) throw new UnprocessableReturnError(`return ${data.returnId} event carries no figures`);
    const withdrawn = data.operation === 'withdrawn';
    const seenAreas = [data.current?.area, data.previous?.area].filter((a): a is string => !!a);
    const seenKinds = [data.current, data.previous].filter((f): f is ReturnFacts => !!f).map((f) => `${data.department}/${f.kind}`);
    const seenFrom = Math.min(...[data.current, data.previous].filter((f): f is ReturnFacts => !!f).map((f) => yearOf(f.period)));
    const existing = byId.get(data.returnId);
    const change: ReturnChange = {
      returnId: data.returnId,
      department: data.department,
      revision: data.revision,
      withdrawn,
      facts: withdrawn ? (data.previous ?? data.current) : data.current,
      areas: seenAreas,
      returnKinds: seenKinds,
      fromYear: seenFrom,
      submittedAt: time,
      eventId,
    };
    const wins = !existing || data.revision > existing.revision || (data.revision === existing.revision && withdrawn && !existing.withdrawn);
    const merged = wins ? change : existing!;
    const union = (a: string[], b: string[]) => [...new Set([...a, ...b])].sort();
    byId.set(data.returnId, {
      ...merged,
      areas: union(existing?.areas ?? [], seenAreas),
      returnKinds: union(existing?.returnKinds ?? [], seenKinds),
      fromYear: Math.min(existing?.fromYear ?? seenFrom, seenFrom),
    });
  }
  return [...byId.values()].sort((a, b) => (a.returnId < b.returnId ? -1 : 1));
}

/** The observation rows a return's figures become. */
export function observationRows(change: ReturnChange): ObservationRow[] {
  const facts = change.facts;
  if (!facts) return [];
  const year = yearOf(facts.period);
  return facts.figures.map((f) => ({
    returnId: change.returnId,
    sex: f.sex,
    ageBand: f.ageBand ?? '',
    department: change.department,
    returnKind: `${change.department}/${facts.kind}`,
    areaCode: facts.area,
    period: facts.period,
    year,
    value: f.value,
    numerator: f.numerator ?? null,
    denominator: f.denominator ?? null,
    unit: facts.unit,
    revision: change.revision,
    withdrawn: change.withdrawn,
    submittedAt: change.submittedAt,
  }));
}

const yearOf = (period: string): number => Number(period.slice(0, 4));
