import { APPROVAL_STATES, type ApprovalState } from '@wdp/contracts';
import { APPROVAL_ACTIONS, isLocked, transition } from './approval-transitions';

describe('approval transitions', () => {
  it('moves draft → submitted → approved, or back to the submitter as returned, and unlocks to draft', () => {
    expect(transition(undefined, 'submit')).toEqual({ state: 'submitted', changed: true });
    expect(transition('draft', 'submit')).toEqual({ state: 'submitted', changed: true });
    expect(transition('submitted', 'approve')).toEqual({ state: 'approved', changed: true });
    expect(transition('submitted', 'return')).toEqual({ state: 'returned', changed: true });
    expect(transition('returned', 'submit')).toEqual({ state: 'submitted', changed: true });
    expect(transition('approved', 'unlock')).toEqual({ state: 'draft', changed: true });
  });

  it('refuses what skips review: approving or returning what was not submitted, unlocking what is not approved, resubmitting an approved period', () => {
    for (const [from, action] of [['draft', 'approve'], [undefined, 'approve'], ['returned', 'approve'], ['draft', 'return'], ['approved', 'return'], ['submitted', 'unlock'], ['approved', 'submit']] as const) {
      expect(transition(from, action)).toEqual({ refused: expect.stringMatching(/cannot be/) });
    }
  });

  it('makes an action that finds its target state already held a no-op, whatever the state', () => {
    for (const action of APPROVAL_ACTIONS) {
      const reached = transition(action === 'unlock' ? 'approved' : action === 'submit' ? 'draft' : 'submitted', action);
      if (!('state' in reached)) throw new Error('expected a state');
      expect(transition(reached.state, action)).toEqual({ state: reached.state, changed: false });
    }
  });

  it('locks an approved cell against writes, and no other', () => {
    expect(APPROVAL_STATES.filter((s: ApprovalState) => isLocked(s))).toEqual(['approved']);
    expect(isLocked(undefined)).toBe(false);
  });
});
