/**
 * The traces (strings that must not leak) that occur anywhere in `raw`, as `raw.includes(trace)` would find
 * them, without scanning all of `raw` once per trace: a batch event of half a MiB carries thousands of items,
 * each with its own traces, and that scan took seconds.
 *
 * A trace without a double quote cannot span one, so it occurs in `raw` exactly when it occurs in one of the
 * pieces between double quotes (JSON strings, and the punctuation and numbers between them). Those pieces
 * are short and repeat, so each distinct piece is cut into substrings of the traces' lengths, looked up in a
 * set. Traces with a double quote are looked for directly.
 */
export function findTraces(raw: string, traces: readonly string[]): string[] {
  const plain = new Set<string>();
  const found = new Set<string>();
  for (const trace of traces) {
    if (trace.length === 0) continue;
    if (trace.includes('"')) {
      if (raw.includes(trace)) found.add(trace);
    } else plain.add(trace);
  }
  if (plain.size === 0) return traces.filter((t) => found.has(t));
  const lengths = [...new Set([...plain].map((t) => t.length))];
  for (const piece of new Set(raw.split('"'))) {
    for (const length of lengths) {
      for (let i = 0; i + length <= piece.length; i++) {
        const candidate = piece.slice(i, i + length);
        if (plain.has(candidate)) found.add(candidate);
      }
    }
  }
  return traces.filter((t) => found.has(t));
}
