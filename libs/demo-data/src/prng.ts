/**
 * Seeded pseudo-random numbers. mulberry32 (Tommy Ettinger's well-known 32-bit generator) is enough for
 * synthetic data and has no dependency. Every stream is derived from the seed and a name (`streamOf(seed,
 * 'health/live-birth/2023')`), so one kind's data do not change when another kind draws more or fewer numbers.
 */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [0, n). */
  int(n: number): number;
  pick<T>(values: readonly T[]): T;
  /** Index drawn with probability proportional to its weight. */
  weighted(weights: readonly number[]): number;
  /** Uniform in [low, high). */
  between(low: number, high: number): number;
}

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a, to turn a stream name into a 32-bit number. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

export function streamOf(seed: number, name: string): Rng {
  const next = mulberry32((fnv1a(name) ^ Math.imul(seed >>> 0, 0x9e3779b1)) >>> 0);
  const rng: Rng = {
    next,
    int: (n) => Math.floor(next() * n),
    pick: (values) => values[Math.floor(next() * values.length)],
    weighted: (weights) => {
      const total = weights.reduce((s, w) => s + w, 0);
      let x = next() * total;
      for (let i = 0; i < weights.length; i++) {
        x -= weights[i];
        if (x < 0) return i;
      }
      return weights.length - 1;
    },
    between: (low, high) => low + next() * (high - low),
  };
  return rng;
}

/**
 * Splits `total` into integer parts proportional to `weights` (largest remainder), so that parts always
 * add up to the total: district figures stay exact whatever the spread over areas.
 */
export function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((s, w) => s + w, 0);
  if (total <= 0 || sum <= 0) return weights.map(() => 0);
  const exact = weights.map((w) => (total * w) / sum);
  const parts = exact.map(Math.floor);
  let rest = total - parts.reduce((s, p) => s + p, 0);
  const order = exact.map((e, i) => [e - Math.floor(e), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; rest > 0; k = (k + 1) % order.length, rest--) parts[order[k][1]]++;
  return parts;
}
