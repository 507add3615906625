import { batchArrivals } from './arrivals';

describe('a batch’s arrivals', () => {
  const datasets = new Set(['health/live-birth', 'statistics/resident-population']);
  const areas = new Set(['520103', '520103001']);

  it('keeps record months and filed returns of expected datasets in assessed areas, once each, with the records added', () => {
    const deltas = [
      // Two sex cells of one month: three new records, and a revision that moved one record out of a cell.
      { inputKey: 'health/live-birth', areaCode: '520103001', period: '2024-03', granularity: 'M' as const, count: 3 },
      { inputKey: 'health/live-birth', areaCode: '520103001', period: '2024-03', granularity: 'M' as const, count: -1 },
      { inputKey: 'health/live-birth', areaCode: '520103', period: '2024-Q1', granularity: 'Q' as const, count: 3 },
      { inputKey: 'health/live-birth', areaCode: '520103001001', period: '2024-03', granularity: 'M' as const, count: 3 },
      { inputKey: 'health/maternal-death', areaCode: '520103', period: '2024-03', granularity: 'M' as const, count: 1 },
    ];
    const facts = (period: string) => ({ kind: 'resident-population', area: '520103', period, unit: 'persons', figures: [] });
    const returns = [
      { department: 'statistics', withdrawn: false, facts: facts('2024') },
      { department: 'statistics', withdrawn: true, facts: facts('2023') },
    ];
    expect(batchArrivals(deltas, returns, datasets, areas)).toEqual([
      { dataset: 'health/live-birth', areaCode: '520103001', period: '2024-03', records: 3 },
      { dataset: 'statistics/resident-population', areaCode: '520103', period: '2024', records: 1 },
    ]);
  });
});
