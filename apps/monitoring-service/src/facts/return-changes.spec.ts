import fc from 'fast-check';
import type { ReturnEventData, ReturnFacts } from '@wdp/contracts';
import { AREAS, DISTRICT, STREET } from '../test-support/fixtures';
import { observationRows, reduceReturnEvents, UnprocessableReturnError } from './return-changes';

const facts = (value: number, area = DISTRICT): ReturnFacts => ({ kind: 'life-expectancy', area, period: '2024', unit: 'years', figures: [{ sex: 'F', value }, { sex: 'M', value: value - 5 }] });
const ev = (revision: number, operation: ReturnEventData['operation'], current: ReturnFacts | null, previous: ReturnFacts | null = null) => ({
  data: { returnId: 'ret-1', revision, operation, department: 'health', current, previous },
  eventId: `e${revision}`,
  time: `2025-01-0${revision}T00:00:00Z`,
});

describe('reduceReturnEvents', () => {
  it('keeps the highest revision whatever order the revisions arrive in', () => {
    const events = [ev(1, 'submitted', facts(80)), ev(2, 'revised', facts(81), facts(80)), ev(3, 'revised', facts(82, STREET), facts(81))];
    fc.assert(
      fc.property(fc.shuffledSubarray(events, { minLength: 3, maxLength: 3 }), (order) => {
        const [change] = reduceReturnEvents(order, AREAS);
        expect(change).toMatchObject({ revision: 3, withdrawn: false, facts: { area: STREET } });
        expect(change.areas).toEqual([DISTRICT, STREET].sort());
        expect(change.returnKinds).toEqual(['health/life-expectancy']);
      }),
    );
  });

  it('lets a withdrawal win and keeps what it withdraws, flagged', () => {
    const [change] = reduceReturnEvents([ev(1, 'submitted', facts(80)), ev(2, 'withdrawn', null, facts(80))], AREAS);
    expect(change).toMatchObject({ revision: 2, withdrawn: true });
    expect(observationRows(change).every((r) => r.withdrawn && r.year === 2024)).toBe(true);
  });

  it('turns figures into observation rows with their provenance', () => {
    const [change] = reduceReturnEvents([ev(1, 'submitted', facts(80))], AREAS);
    expect(observationRows(change)).toEqual([
      expect.objectContaining({ returnId: 'ret-1', sex: 'F', ageBand: '', value: 80, returnKind: 'health/life-expectancy', department: 'health', revision: 1, period: '2024' }),
      expect.objectContaining({ sex: 'M', value: 75 }),
    ]);
  });

  it('names the earliest year any version seen in the batch covers, so a corrected period recomputes both', () => {
    const moved = { ...facts(81), period: '2019' };
    const [change] = reduceReturnEvents([ev(2, 'revised', facts(81), moved), ev(1, 'submitted', facts(80))], AREAS);
    expect(change).toMatchObject({ revision: 2, fromYear: 2019, facts: { period: '2024' } });
    expect(reduceReturnEvents([ev(1, 'submitted', facts(80))], AREAS)[0].fromYear).toBe(2024);
  });

  it('refuses a return for an unknown area', () => {
    expect(() => reduceReturnEvents([ev(1, 'submitted', facts(80, '000000'))], AREAS)).toThrow(UnprocessableReturnError);
  });
});
