import { approvalPolicy } from './approval-policy';

const served = { records: ['maternal-death', 'live-birth'], returns: ['life-expectancy'] };
const health = (setting: string | readonly string[] | undefined) => approvalPolicy(setting, 'health', served);

describe('approval policy', () => {
  it('approves everything automatically by default', () => {
    for (const setting of [undefined, '', ' , ', []]) {
      const policy = health(setting);
      expect(policy.requiresApproval('record', 'maternal-death')).toBe(false);
      expect(policy.requiresApproval('return', 'life-expectancy')).toBe(false);
    }
  });

  it('holds the named datasets of its own department only, all of them with <department>/*, everything with *', () => {
    const policy = health('health/records/maternal-death, health/returns/life-expectancy, education/records/school-enrolment');
    expect(policy.requiresApproval('record', 'maternal-death')).toBe(true);
    expect(policy.requiresApproval('record', 'live-birth')).toBe(false);
    expect(policy.requiresApproval('return', 'life-expectancy')).toBe(true);
    expect(health('education/*').requiresApproval('record', 'live-birth')).toBe(false);
    expect(health('health/*').requiresApproval('record', 'live-birth')).toBe(true);
    expect(health('*').requiresApproval('return', 'life-expectancy')).toBe(true);
  });

  it('refuses at start an unknown department or a dataset its department does not accept, naming the variable', () => {
    expect(() => health('health/records/maternal-deaths')).toThrow(/APPROVAL_REQUIRED .*health\/records\/maternal-deaths/);
    expect(() => health(['health/returns/maternal-death'])).toThrow(/health\/returns\/maternal-death/);
    expect(() => health('heath/records/maternal-death')).toThrow(/no department heath/);
  });
});
