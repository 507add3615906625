import { deadlineRuleOf } from './assessment-method';
import { indicatorByCode } from './catalogue';

describe('deadlineRuleOf', () => {
  const mmr = indicatorByCode('HEA-02')!; // monthly, 15 days
  const lifeExpectancy = indicatorByCode('HEA-01')!; // annual return, 180 days

  it('expresses deadlines in whole months', () => {
    expect(deadlineRuleOf(mmr)).toEqual({ monthsAfterPeriodEnd: 1, dayOfMonth: 15 });
    expect(deadlineRuleOf(lifeExpectancy)).toEqual({ monthsAfterPeriodEnd: 6 });
  });
});
