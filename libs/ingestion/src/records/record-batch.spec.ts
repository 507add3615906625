import { buildAreaIndex, requireRecordKind } from '@wdp/contracts';
import { prepareSubmission, type RuleContext } from './record-batch';
import { recordKindFromDefinition } from './record-dto.factory';
import { classifyAgainstExisting } from './record-outcome';
import type { RecordRow } from './record.repository';

const areas = buildAreaIndex([
  { code: '520103', nameZh: '云岩区', level: 'district', parent: null },
  { code: '520103001', nameZh: '贵乌街道', level: 'street', parent: '520103' },
  { code: '520103001001', nameZh: '贵乌北路社区', level: 'community', parent: '520103001' },
]);
const ctx: RuleContext = { department: 'health', hasArea: (c) => areas.has(c), now: new Date('2025-08-15T00:00:00Z') };
const liveBirth = recordKindFromDefinition(requireRecordKind('health', 'live-birth'));
const screening = recordKindFromDefinition(requireRecordKind('health', 'cervical-cancer-screening'));

const birth = (over: Record<string, unknown> = {}) => ({
  reference: 'LB-1', subjectRef: 'p-1', area: '520103001001', period: '2025-07', sex: 'F', ageBand: '30-34',
  attributes: { deliveryPlace: 'hospital', deliveryMode: 'vaginal' }, ...over,
});

describe('prepareSubmission (records)', () => {
  it('turns a valid item into an identifier-free fact keyed by its reference', () => {
    const { records, errors, single } = prepareSubmission(liveBirth, birth({ occurredOn: '2025-07-14' }), ctx);
    expect(errors).toEqual([]);
    expect(single).toBe(true);
    expect(records[0].naturalKey).toBe('LB-1');
    expect(records[0].subjectRef).toBe('p-1');
    expect(records[0].fact).toEqual({
      kind: 'live-birth', area: '520103001001', period: '2025-07', sex: 'F', ageBand: '30-34', count: 1,
      attributes: { deliveryPlace: 'hospital', deliveryMode: 'vaginal' },
    });
    expect(JSON.stringify(records[0].fact)).not.toContain('p-1');
  });

  it('lists every bad field of every row, with the row, in one pass', () => {
    const body = {
      items: [
        birth({ reference: 'ok-0' }),
        birth({ reference: 'bad-1', sex: 'X', area: '999999', extra: 1 }),
        birth({ reference: 'ok-2' }),
        birth({ reference: 'bad-3', period: '2025-13', attributes: { deliveryPlace: 'moon', deliveryMode: 'vaginal' } }),
        birth({ reference: 'bad-4', period: '2026-01', occurredOn: '2025-07-01' }),
      ],
    };
    const { errors } = prepareSubmission(liveBirth, body, ctx);
    expect(errors.map((e) => [e.row, e.field])).toEqual([
      [1, 'items[1].area'],
      [1, 'items[1].extra'],
      [1, 'items[1].sex'],
      [3, 'items[3].attributes.deliveryPlace'],
      [3, 'items[3].period'],
      [4, 'items[4].occurredOn'],
      [4, 'items[4].period'],
    ]);
    expect(errors.find((e) => e.field === 'items[4].period')!.reason).toBe('must not be in the future');
  });

  it('rejects an ID-number-shaped value anywhere, even in an unknown field', () => {
    const { errors } = prepareSubmission(liveBirth, { items: [birth(), birth({ reference: 'LB-2', subjectRef: '11010519491231002X' })] }, ctx);
    expect(errors).toEqual([expect.objectContaining({ field: 'items[1].subjectRef', row: 1, reason: expect.stringContaining('resident ID') })]);
  });

  it('refuses a reference repeated in a batch, naming both positions, whether the content is the same or not', () => {
    const same = prepareSubmission(liveBirth, { items: [birth(), birth({ reference: 'LB-2' }), birth()] }, ctx);
    expect(same.errors).toEqual([{ field: 'items[2].reference', row: 2, reason: 'repeats items[0] (row 0): a batch holds each reference once' }]);
    const diff = prepareSubmission(liveBirth, { items: [birth(), birth({ sex: 'M' })] }, ctx);
    expect(diff.errors).toEqual([{ field: 'items[1].reference', row: 1, reason: 'repeats the reference of items[0] (row 0): a batch holds each reference once' }]);
  });

  it('refuses identifiers a spreadsheet would run as a formula', () => {
    const { errors } = prepareSubmission(liveBirth, { items: [birth({ reference: '=HYPERLINK("http://x")' }), birth({ reference: 'LB-2', subjectRef: '@SUM(A1)' }), birth({ reference: '-1' })] }, ctx);
    expect(errors.map((e) => e.field)).toEqual(['items[0].reference', 'items[1].subjectRef', 'items[2].reference']);
    expect(errors[0].reason).toContain('formula');
  });

  it('checks the batch envelope', () => {
    expect(prepareSubmission(liveBirth, { items: [] }, ctx).errors[0]).toMatchObject({ field: 'items' });
    expect(prepareSubmission(liveBirth, { items: [birth()], dryRun: true }, ctx).errors[0]).toMatchObject({ field: 'dryRun' });
    expect(prepareSubmission(liveBirth, [birth()], ctx).errors[0]).toMatchObject({ field: '(body)' });
    expect(prepareSubmission(liveBirth, { items: ['x'] }, ctx).errors[0]).toMatchObject({ field: 'items[0].(item)', row: 0 });
  });

  it('derives the age band from an age, requires one of them, and publishes no sex for women-only kinds', () => {
    const base = { reference: 'S-1', area: '520103', period: '2025-06', attributes: { method: 'hpv', result: 'negative', programme: 'public-free' } };
    const ok = prepareSubmission(screening, { ...base, age: 42 }, ctx);
    expect(ok.errors).toEqual([]);
    expect(ok.records[0].fact).toMatchObject({ ageBand: '40-44', count: 1 });
    expect(ok.records[0].fact.sex).toBeUndefined();
    expect(prepareSubmission(screening, { ...base, sex: 'F', ageBand: '40-44' }, ctx).errors).toEqual([]);
    expect(prepareSubmission(screening, { ...base, sex: 'M', ageBand: '40-44' }, ctx).errors[0].field).toBe('sex');
    expect(prepareSubmission(screening, base, ctx).errors).toEqual([{ field: 'ageBand', reason: 'is required (give ageBand or age)' }]);
    expect(prepareSubmission(screening, { ...base, age: 42, ageBand: '35-39' }, ctx).errors[0].field).toBe('age');
  });

  it('reads a null age or age band as not given, as @IsOptional does, instead of failing on it', () => {
    const base = { reference: 'S-1', area: '520103', period: '2025-06', attributes: { method: 'hpv', result: 'negative', programme: 'public-free' } };
    const required = [{ field: 'ageBand', reason: 'is required (give ageBand or age)' }];
    // Both null used to reach ageBandOf(null), which throws: a 500 for a client's body.
    expect(prepareSubmission(screening, { ...base, ageBand: null, age: null }, ctx).errors).toEqual(required);
    expect(prepareSubmission(screening, { ...base, ageBand: null }, ctx).errors).toEqual(required);
    const fromAge = prepareSubmission(screening, { ...base, ageBand: null, age: 42 }, ctx);
    expect(fromAge.errors).toEqual([]);
    expect(fromAge.records[0].fact.ageBand).toBe('40-44');
    expect(prepareSubmission(screening, { ...base, ageBand: '40-44', age: null }, ctx).records[0].fact.ageBand).toBe('40-44');
  });

  it('holds count to 1 for individual kinds and allows aggregates for counting kinds', () => {
    expect(prepareSubmission(liveBirth, birth({ count: 12 }), ctx).records[0].fact.count).toBe(12);
    expect(prepareSubmission(screening, { reference: 'S', area: '520103', period: '2025-06', ageBand: '40-44', count: 2, attributes: { method: 'hpv', result: 'negative', programme: 'other' } }, ctx).errors[0].field).toBe('count');
  });
});

describe('natural keys against stored records', () => {
  const row = (naturalKey: string, contentHash: string, status: 'active' | 'withdrawn' = 'active') => ({ id: `id-${naturalKey}`, naturalKey, contentHash, status }) as RecordRow;

  it('creates new keys, skips identical resubmissions and flags changed or withdrawn ones', () => {
    const { records } = prepareSubmission(liveBirth, { items: [birth({ reference: 'A' }), birth({ reference: 'B' }), birth({ reference: 'C' }), birth({ reference: 'D' })] }, ctx);
    const [a, b, c] = records;
    const out = classifyAgainstExisting(records, [row('A', a.hash), row('B', 'other'), row('C', c.hash, 'withdrawn')]);
    expect(out.unchanged.map((u) => u.record.naturalKey)).toEqual(['A']);
    expect(out.conflicts.map((u) => u.record.naturalKey)).toEqual(['B', 'C']);
    expect(out.toCreate.map((r) => r.naturalKey)).toEqual(['D']);
    expect(b.hash).not.toBe(a.hash);
  });
});

describe('prepareSubmission (records) for an area above the district', () => {
  it('refuses it, naming the field, even where returns may name it: records are held only for the district’s own areas', () => {
    const statistics: RuleContext = { ...ctx, aboveDistrict: (c) => c === '520100' };
    const { records, errors } = prepareSubmission(liveBirth, birth({ area: '520100' }), statistics);
    expect(records).toEqual([]);
    expect(errors).toEqual([expect.objectContaining({ field: 'area', reason: 'is not a known area code (see the area reference data)' })]);
  });
});
