import { figureConsistencyIssues } from './return-kind';

describe('figureConsistencyIssues', () => {
  it('requires whole head counts and a total equal to female + male', () => {
    expect(figureConsistencyIssues([{ sex: 'F', value: 120 }, { sex: 'M', value: 80 }, { sex: 'T', value: 200 }], 'persons')).toEqual([]);
    expect(figureConsistencyIssues([{ sex: 'F', value: 50.5 }], 'persons')).toEqual([{ field: 'figures[0].value', reason: 'must be a whole number of persons' }]);
    expect(figureConsistencyIssues([{ sex: 'F', value: 5000 }, { sex: 'M', value: 5000 }, { sex: 'T', value: 3 }], 'cases')).toEqual([
      { field: 'figures[2].value', reason: 'must equal female + male = 10000' },
    ]);
  });

  it('checks sums per age band, not across bands', () => {
    const figures = [
      { sex: 'F' as const, ageBand: '35-39', value: 10 }, { sex: 'M' as const, ageBand: '35-39', value: 5 }, { sex: 'T' as const, ageBand: '35-39', value: 15 },
      { sex: 'F' as const, ageBand: '40-44', value: 7 }, { sex: 'M' as const, ageBand: '40-44', value: 3 }, { sex: 'T' as const, ageBand: '40-44', value: 11 },
    ];
    expect(figureConsistencyIssues(figures, 'persons')).toEqual([{ field: 'figures[5].value', reason: 'must equal female + male = 10' }]);
  });

  it('requires a rate or average total to lie between the sexes, within rounding', () => {
    expect(figureConsistencyIssues([{ sex: 'F', value: 84.1 }, { sex: 'M', value: 78.5 }, { sex: 'T', value: 81.2 }], 'years')).toEqual([]);
    expect(figureConsistencyIssues([{ sex: 'F', value: 30 }, { sex: 'M', value: 30 }, { sex: 'T', value: 30.1 }], 'percent')).toEqual([]);
    expect(figureConsistencyIssues([{ sex: 'F', value: 84.1 }, { sex: 'M', value: 78.5 }, { sex: 'T', value: 90 }], 'years')).toEqual([
      { field: 'figures[2].value', reason: 'a total must lie between the female and male figures (78.5 to 84.1)' },
    ]);
  });

  it('says nothing when a sex is missing (nothing to compare)', () => {
    expect(figureConsistencyIssues([{ sex: 'F', value: 10 }, { sex: 'T', value: 3 }], 'persons')).toEqual([]);
  });
});
