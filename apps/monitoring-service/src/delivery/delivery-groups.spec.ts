import { dueGroups, groupDueAt } from './delivery-groups';

const t = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s));
const candidate = (over: Partial<Parameters<typeof groupDueAt>[0]> = {}) => ({
  subscriptionId: 's1', firstPendingAt: t(0), lastGroupAt: null, groupWaitMs: 30_000, groupIntervalMs: 300_000, ...over,
});

describe('grouped webhook deliveries', () => {
  it('a new group waits group wait after its first change', () => {
    expect(groupDueAt(candidate())).toEqual(t(30));
    expect(dueGroups([candidate()], t(29))).toEqual([]);
    expect(dueGroups([candidate()], t(30))).toEqual(['s1']);
  });

  it('after a delivery, the next waits group interval from it', () => {
    expect(groupDueAt(candidate({ firstPendingAt: t(10), lastGroupAt: t(0) }))).toEqual(t(300));
  });

  it('a subscription quiet for longer than the interval waits only group wait', () => {
    expect(groupDueAt(candidate({ firstPendingAt: t(1000), lastGroupAt: t(0) }))).toEqual(t(1030));
  });
});
