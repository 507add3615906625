// The settlers' decisions as each monitoring replica logged them (AlertSettler's debug line "alert decision":
// the pairs, and the moments after their locks were taken and before the commit). Two decisions of one pair
// whose intervals overlap were made at once, which the per-pair locks must make impossible. Pure, so the
// check itself is unit-tested.

export interface Decision {
  /** The replica slot whose log held the line (a restarted process keeps its slot). */
  replica: string;
  pairs: string[];
  claimedAt: number;
  decidedAt: number;
}

export interface Overlap {
  pair: string;
  first: Decision;
  second: Decision;
}

/** The decision lines of one replica's log (JSON lines; anything else is skipped). */
export function parseDecisions(replica: string, log: string): Decision[] {
  const out: Decision[] = [];
  for (const line of log.split('\n')) {
    if (!line.includes('"alert decision"')) continue;
    try {
      const o = JSON.parse(line) as { msg?: string; pairs?: unknown; claimedAt?: unknown; decidedAt?: unknown };
      if (o.msg !== 'alert decision' || !Array.isArray(o.pairs) || typeof o.claimedAt !== 'number' || typeof o.decidedAt !== 'number') continue;
      out.push({ replica, pairs: o.pairs.map(String), claimedAt: o.claimedAt, decidedAt: o.decidedAt });
    } catch {
      /* a line cut by kill -9 */
    }
  }
  return out;
}

/** Pairs decided twice at the same time: two decisions naming the pair whose [claimedAt, decidedAt] intersect. */
export function concurrentDecisions(decisions: readonly Decision[]): Overlap[] {
  const byPair = new Map<string, Decision[]>();
  for (const d of decisions) for (const p of d.pairs) byPair.set(p, [...(byPair.get(p) ?? []), d]);
  const out: Overlap[] = [];
  for (const [pair, ds] of byPair) {
    const sorted = [...ds].sort((a, b) => a.claimedAt - b.claimedAt);
    let latest = sorted[0];
    for (const d of sorted.slice(1)) {
      if (d.claimedAt <= latest.decidedAt) out.push({ pair, first: latest, second: d });
      if (d.decidedAt > latest.decidedAt) latest = d;
    }
  }
  return out;
}

/** Pairs decided per replica, and how many decisions that took. */
export function sharesOf(decisions: readonly Decision[]): Map<string, { pairs: number; decisions: number }> {
  const out = new Map<string, { pairs: number; decisions: number }>();
  for (const d of decisions) {
    const s = out.get(d.replica) ?? { pairs: 0, decisions: 0 };
    s.pairs += d.pairs.length;
    s.decisions++;
    out.set(d.replica, s);
  }
  return out;
}
