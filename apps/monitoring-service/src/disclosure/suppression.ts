/**
 * Disclosure control for published figures. A cell is one published figure: indicator × area × year ×
 * sex (F, M, T), with the records it is built from.
 *
 * Primary suppression: a cell resting on fewer than k records — a numerator of 1 to k−1 counted
 * persons/events, or a denominator below k — is hidden (a zero numerator reveals no one and is kept).
 * Complementary suppression: where a hidden cell could be recomputed from published ones, another is
 * hidden too —
 * - across sexes: T = F + M for counts, numerators and denominators, so one hidden sex beside a
 *   published total and other sex gives itself away (the other sex is hidden as well), and a hidden
 *   total beside two published sexes too (the smaller sex is hidden);
 * - across areas: a parent area is the sum of its children, so a single hidden child beside its
 *   published parent and siblings gives itself away; the smallest published sibling is hidden as well.
 * Repeated until nothing changes. Value, numerator and denominator of a hidden cell go together (a rate
 * and its denominator give the numerator). Pure.
 */
export interface DisclosureCell {
  indicatorCode: string;
  areaCode: string;
  year: number;
  sex: string;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  /** Records the figure counts (numerator of a ratio, the count itself); null when not built from records (a submitted aggregate). */
  records: number | null;
}

export type SuppressionReason = 'small_cell' | 'complementary';

export type PublishedCell<T extends DisclosureCell = DisclosureCell> = T & { suppressed: SuppressionReason | null };

export interface SuppressionOptions {
  k: number;
  /** Parent of an area, when the area's figures add up to its parent's (community → street → district). */
  parentOf?: (areaCode: string) => string | undefined;
}

export function isSmallCell(cell: Pick<DisclosureCell, 'records' | 'denominator'>, k: number): boolean {
  if (cell.records !== null && cell.records > 0 && cell.records < k) return true;
  return cell.denominator !== null && cell.denominator >= 0 && cell.denominator < k;
}

export function suppressCells<T extends DisclosureCell>(cells: readonly T[], options: SuppressionOptions): PublishedCell<T>[] {
  const out: PublishedCell<T>[] = cells.map((c) => ({ ...c, suppressed: isSmallCell(c, options.k) ? 'small_cell' : null }));
  const hide = (c: PublishedCell<T>) => {
    c.suppressed = 'complementary';
    return true;
  };
  for (let changed = true; changed; ) {
    changed = false;
    // Across sexes, within indicator × area × year.
    for (const group of groupBy(out, (c) => `${c.indicatorCode}\u0000${c.areaCode}\u0000${c.year}`)) {
      const f = group.find((c) => c.sex === 'F');
      const m = group.find((c) => c.sex === 'M');
      const t = group.find((c) => c.sex === 'T');
      if (!f || !m) continue;
      if (t?.suppressed && !f.suppressed && !m.suppressed) {
        // A hidden total is the sum of two published sexes: hide the smaller one.
        changed = hide((f.records ?? f.denominator ?? 0) <= (m.records ?? m.denominator ?? 0) ? f : m) || changed;
        continue;
      }
      const hidden = [f, m].filter((c) => c.suppressed);
      if (hidden.length !== 1) continue;
      const other = hidden[0] === f ? m : f;
      // With a published total, the hidden sex is total minus the other. Without a total line, a
      // single-sex share's complement (men's share = 100 − women's) is the same risk.
      if (t ? !t.suppressed : true) changed = hide(other) || changed;
    }
    // Across areas, within indicator × year × sex.
    if (options.parentOf) {
      for (const group of groupBy(out, (c) => `${c.indicatorCode}\u0000${c.year}\u0000${c.sex}`)) {
        const byArea = new Map(group.map((c) => [c.areaCode, c]));
        const children = new Map<string, PublishedCell<T>[]>();
        for (const c of group) {
          const parent = options.parentOf(c.areaCode);
          if (parent && byArea.has(parent)) children.set(parent, [...(children.get(parent) ?? []), c]);
        }
        for (const [parent, kids] of children) {
          if (byArea.get(parent)!.suppressed) continue;
          const hidden = kids.filter((c) => c.suppressed);
          const shown = kids.filter((c) => !c.suppressed);
          if (hidden.length !== 1 || shown.length === 0) continue;
          const smallest = [...shown].sort((a, b) => (a.records ?? a.denominator ?? Infinity) - (b.records ?? b.denominator ?? Infinity) || a.areaCode.localeCompare(b.areaCode))[0];
          changed = hide(smallest) || changed;
        }
      }
    }
  }
  return out.map((c) => (c.suppressed ? { ...c, value: null, numerator: null, denominator: null, records: null } : c));
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): T[][] {
  const m = new Map<string, T[]>();
  for (const i of items) {
    const k = key(i);
    const list = m.get(k);
    if (list) list.push(i);
    else m.set(k, [i]);
  }
  return [...m.values()];
}
