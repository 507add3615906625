import { createHash } from 'node:crypto';
import { loadAreas, type RecordFact, recordKind, returnKind, validateRecordFact, validateReturnFacts } from '@wdp/contracts';
import { returnKindFromDefinition } from '@wdp/ingestion';
import { INDICATORS } from '@wdp/indicators';
import { type DemoDataSet, recordTotal, DEFAULT_SEED, generateDemoData, SCENARIO_CHOICES, SMALL_NUMBER_INDICATORS } from '@wdp/demo-data';
import { idempotencyKeyOf, jobsOf, MAX_BATCH } from './push';
import { checkScenarios } from './scenario-report';
import { serviceOf } from './targets';

const NOW = new Date('2026-11-29T06:00:00Z');
const options = (seed = DEFAULT_SEED, scale = 0.6) => ({ seed, scale, from: 2020, to: 2026, now: NOW });
const digest = (data: DemoDataSet) =>
  createHash('sha256')
    .update(JSON.stringify({ records: [...data.records.entries()], returns: data.returns }))
    .digest('hex');

describe('demo data generator', () => {
  const areas = loadAreas();
  const { data } = generateDemoData(options());

  it('is deterministic: the same seed gives the same data, another seed other data', () => {
    expect(digest(generateDemoData(options()).data)).toBe(digest(data));
    expect(digest(generateDemoData(options(7)).data)).not.toBe(digest(data));
  });

  it('run later, sends the same content under every reference it sent before (natural keys find them unchanged, no 409)', () => {
    const later = generateDemoData({ ...options(), now: new Date('2027-01-15T00:00:00Z') }).data;
    const laterRefs = new Map([...later.records.values()].flat().map((r) => [r.reference, JSON.stringify(r)]));
    const before = [...data.records.values()].flat();
    const changed = before.filter((r) => laterRefs.has(r.reference) && laterRefs.get(r.reference) !== JSON.stringify(r));
    expect(changed).toEqual([]);
    // Only the current year's snapshot month (October 2026, superseded by December) is not sent again.
    const notResent = before.filter((r) => !laterRefs.has(r.reference));
    expect(new Set(notResent.map((r) => r.period))).toEqual(new Set(['2026-10']));
    expect(recordTotal(later)).toBeGreaterThan(recordTotal(data));
  });

  it('has a size that loads quickly at the default scale, and grows with --scale', () => {
    expect(recordTotal(data)).toBeGreaterThan(50_000);
    expect(recordTotal(data)).toBeLessThan(150_000);
    expect(recordTotal(generateDemoData(options(DEFAULT_SEED, 1.2)).data)).toBeGreaterThan(recordTotal(data) * 1.7);
  });

  it('sends nothing from the future and nothing before the screening history (2016)', () => {
    const periods = [...data.records.values()].flat().map((r) => r.period);
    expect(periods.every((p) => p <= '2026-10' && p >= '2016-01')).toBe(true);
    expect(data.returns.every((r) => r.period <= '2025')).toBe(true);
  });

  it('every record validates against the vocabulary and names a known area; references are unique per kind', () => {
    const problems: string[] = [];
    for (const [key, items] of data.records) {
      const [department, kind] = key.split('/');
      const def = recordKind(department, kind)!;
      const seen = new Set<string>();
      for (const item of items) {
        const fact: RecordFact = { kind, area: item.area, period: item.period, count: item.count ?? 1, attributes: item.attributes, ...(item.sex ? { sex: item.sex } : {}), ...(item.ageBand ? { ageBand: item.ageBand } : {}) };
        for (const p of validateRecordFact(department, fact)) problems.push(`${key} ${item.reference}: ${p}`);
        if (!areas.has(item.area)) problems.push(`${key} ${item.reference}: unknown area ${item.area}`);
        if (def.carriesCount ? !(item.count! >= 1) : item.count !== undefined) problems.push(`${key} ${item.reference}: count ${item.count}`);
        if (seen.has(item.reference)) problems.push(`${key}: duplicate reference ${item.reference}`);
        seen.add(item.reference);
      }
    }
    expect(problems.slice(0, 10)).toEqual([]);
  });

  it('every return validates against the vocabulary and the ingestion rules (value = numerator/denominator × factor, T = F + M for counts)', () => {
    const problems: string[] = [];
    for (const ret of data.returns) {
      const facts = { kind: ret.kind, area: ret.area, period: ret.period, unit: ret.unit, figures: ret.figures };
      for (const p of validateReturnFacts(ret.department, facts)) problems.push(`${ret.kind} ${ret.area} ${ret.period}: ${p}`);
      const spec = returnKindFromDefinition(returnKind(ret.department, ret.kind)!);
      for (const i of spec.check({ area: ret.area, period: ret.period, unit: ret.unit, figures: ret.figures } as never)) problems.push(`${ret.kind} ${ret.area} ${ret.period}: ${i.field} ${i.reason}`);
      if (!areas.has(ret.area)) problems.push(`${ret.kind}: unknown area ${ret.area}`);
    }
    expect(problems.slice(0, 10)).toEqual([]);
    expect(new Set(data.returns.map((r) => `${r.department}/${r.kind}/${r.area}/${r.period}`)).size).toBe(data.returns.length);
  });

  it('tells the planned story at the district: every indicator not resting on small numbers shows its scenario', () => {
    const checks = checkScenarios(data, areas);
    expect(checks).toHaveLength(INDICATORS.length);
    const failing = checks.filter((c) => !c.holds && !SMALL_NUMBER_INDICATORS.has(c.code)).map((c) => `${c.code} ${c.scenario} → ${c.status}`);
    expect(failing).toEqual([]);
  });

  it('covers every deliberate scenario at least once, and they hold', () => {
    const checks = new Map(checkScenarios(data, areas).map((c) => [c.code, c]));
    const kinds = new Set(Object.values(SCENARIO_CHOICES).map((c) => c.scenario));
    for (const s of ['acceleration_needed', 'limited', 'deteriorating', 'fluctuating', 'gap_widening', 'missing_recent'] as const) expect(kinds).toContain(s);
    for (const [code, choice] of Object.entries(SCENARIO_CHOICES).filter(([c]) => !SMALL_NUMBER_INDICATORS.has(c))) {
      expect({ code, holds: checks.get(code)!.holds, scenario: choice.scenario }).toEqual({ code, holds: true, scenario: choice.scenario });
    }
    expect(checks.get('LAW-10')!.series.find((p) => p.year === 2023)!.value).toBeLessThan(checks.get('LAW-10')!.series.find((p) => p.year === 2022)!.value - 10);
    expect(data.returns.some((r) => r.kind === 'regular-exercise' && r.period === '2025')).toBe(false);
    expect(data.returns.some((r) => r.kind === 'regular-exercise' && r.period === '2024')).toBe(true);
  });

  it('batches stay within the API limit, and the idempotency key follows seed and content', () => {
    const jobs = jobsOf(data, 50_000, serviceOf);
    expect(jobs.length).toBeGreaterThan(recordTotal(data) / MAX_BATCH);
    expect(idempotencyKeyOf(1, { a: 1 })).toBe(idempotencyKeyOf(1, { a: 1 }));
    expect(idempotencyKeyOf(1, { a: 1 })).not.toBe(idempotencyKeyOf(2, { a: 1 }));
    expect(idempotencyKeyOf(1, { a: 1 })).not.toBe(idempotencyKeyOf(1, { a: 2 }));
    expect(idempotencyKeyOf(1, { a: 1 })).toMatch(/^[\x21-\x7e]{1,255}$/);
  });
});
