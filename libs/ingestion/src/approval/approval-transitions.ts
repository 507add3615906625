import type { ApprovalState } from '@wdp/contracts';

/** What a person does to a cell: the submitter submits; the approver approves, returns or unlocks. */
export const APPROVAL_ACTIONS = ['submit', 'approve', 'return', 'unlock'] as const;
export type ApprovalAction = (typeof APPROVAL_ACTIONS)[number];

/** The scope each action needs (`<access>:<department>`): submitting is the writer's, the rest the approver's. */
export const ACTION_ACCESS: Readonly<Record<ApprovalAction, 'write' | 'approve'>> = {
  submit: 'write',
  approve: 'approve',
  return: 'approve',
  unlock: 'approve',
};

const TARGET: Readonly<Record<ApprovalAction, ApprovalState>> = { submit: 'submitted', approve: 'approved', return: 'returned', unlock: 'draft' };

/** The states each action may start from (a cell with no row yet is a draft). */
const FROM: Readonly<Record<ApprovalAction, readonly ApprovalState[]>> = {
  submit: ['draft', 'returned'],
  approve: ['submitted'],
  return: ['submitted'],
  unlock: ['approved'],
};

export type Transition = { state: ApprovalState; changed: boolean } | { refused: string };

/**
 * The state a cell in `from` (undefined: no row yet, a draft) moves to under `action`, or why it cannot. An action
 * whose target is the state already held changes nothing, so a retried request is harmless.
 */
export function transition(from: ApprovalState | undefined, action: ApprovalAction): Transition {
  const current = from ?? 'draft';
  const target = TARGET[action];
  if (current === target) return { state: current, changed: false };
  if (!FROM[action].includes(current)) {
    return { refused: `a ${current} period cannot be ${PAST[action]}; only a ${FROM[action].join(' or ')} one can` };
  }
  return { state: target, changed: true };
}

const PAST: Readonly<Record<ApprovalAction, string>> = { submit: 'submitted', approve: 'approved', return: 'returned', unlock: 'unlocked' };

/**
 * Whether a write of data (create, revise, withdraw) to a cell in `from` is refused: only while it is approved
 * (locked). Any other cell of a dataset that needs approval is a draft again after the write, since what was
 * submitted or returned is no longer what it holds.
 */
export function isLocked(from: ApprovalState | undefined): boolean {
  return from === 'approved';
}
