/**
 * A silence mutes the notifications (webhooks) of the alerts it matches for a period, as in Alertmanager:
 * the alerts are still raised, stored, streamed and published, flagged with the silence's id.
 */
export interface Silence {
  id: string;
  /** Matchers; null matches anything. */
  indicatorCode: string | null;
  areaCode: string | null;
  kind: string | null;
  startsAt: string;
  endsAt: string;
  reason: string;
  createdBy: string;
  createdAt: string;
  deletedAt: string | null;
  deletedBy: string | null;
}

export type SilenceState = 'pending' | 'active' | 'expired' | 'deleted';

/** Where a silence stands at `now`: it expires by itself at `endsAt`, with no job to end it. Pure. */
export function silenceState(s: Pick<Silence, 'startsAt' | 'endsAt' | 'deletedAt'>, now: Date): SilenceState {
  if (s.deletedAt) return 'deleted';
  const t = now.getTime();
  if (t < new Date(s.startsAt).getTime()) return 'pending';
  return t < new Date(s.endsAt).getTime() ? 'active' : 'expired';
}

function silenceMatches(s: Pick<Silence, 'indicatorCode' | 'areaCode' | 'kind'>, alert: { indicatorCode: string; areaCode: string; kind: string }): boolean {
  return (s.indicatorCode === null || s.indicatorCode === alert.indicatorCode) && (s.areaCode === null || s.areaCode === alert.areaCode) && (s.kind === null || s.kind === alert.kind);
}

/** The id of the silence muting `alert` at `now` (the one lasting longest), or null. Pure. */
export function silencedBy(alert: { indicatorCode: string; areaCode: string; kind: string }, silences: readonly Silence[], now: Date): string | null {
  return matchingSilence(alert, silences.filter((s) => silenceState(s, now) === 'active'));
}

/** Among silences known to be active, the one muting `alert` (the one lasting longest), or null. Pure. */
export function matchingSilence(alert: { indicatorCode: string; areaCode: string; kind: string }, active: readonly Silence[]): string | null {
  const muting = active.filter((s) => silenceMatches(s, alert));
  muting.sort((a, b) => new Date(b.endsAt).getTime() - new Date(a.endsAt).getTime() || a.id.localeCompare(b.id));
  return muting[0]?.id ?? null;
}

const MAX_SILENCE_MS = 366 * 86_400_000;

/** Why a new silence is refused, naming the field, or null. Pure. */
export function silenceProblem(s: { indicatorCode?: string | null; areaCode?: string | null; kind?: string | null; startsAt: Date; endsAt: Date }, now: Date): { field: string; reason: string } | null {
  if (!s.indicatorCode && !s.areaCode && !s.kind) return { field: 'indicatorCode', reason: 'a silence needs at least one matcher (indicatorCode, areaCode or kind); muting every alert is not allowed' };
  if (s.endsAt.getTime() <= s.startsAt.getTime()) return { field: 'endsAt', reason: 'must be after startsAt' };
  if (s.endsAt.getTime() <= now.getTime()) return { field: 'endsAt', reason: 'must be in the future' };
  if (s.endsAt.getTime() - s.startsAt.getTime() > MAX_SILENCE_MS) return { field: 'endsAt', reason: 'a silence lasts at most 366 days' };
  return null;
}
