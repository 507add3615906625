import { approvalPolicy } from './approval-policy';

const served = { records: ['maternal-death', 'live-birth'], returns: ['life-expectancy'] };

describe('approval policy', () => {
  it('approves everything automatically by default', () => {
    for (const setting of [undefined, '', ' , ', []]) {
      const policy = approvalPolicy(setting, served);
      expect(policy.requiresApproval('record', 'maternal-death')).toBe(false);
      expect(policy.requiresApproval('return', 'life-expectancy')).toBe(false);
    }
  });

  it('holds the named datasets only, or all with *', () => {
    const policy = approvalPolicy('records/maternal-death, returns/life-expectancy', served);
    expect(policy.requiresApproval('record', 'maternal-death')).toBe(true);
    expect(policy.requiresApproval('record', 'live-birth')).toBe(false);
    expect(policy.requiresApproval('return', 'life-expectancy')).toBe(true);
    expect(approvalPolicy('*', served).requiresApproval('record', 'live-birth')).toBe(true);
  });

  it('refuses at start a dataset the department does not serve, naming the variable', () => {
    expect(() => approvalPolicy('records/maternal-deaths', served)).toThrow(/APPROVAL_REQUIRED .*records\/maternal-deaths/);
    expect(() => approvalPolicy(['returns/maternal-death'], served)).toThrow(/returns\/maternal-death/);
  });
});
