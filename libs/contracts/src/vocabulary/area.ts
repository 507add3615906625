/**
 * Administrative areas: district → streets (街道) and the town (镇) → communities (社区) and villages (村).
 * The areas themselves are reference data (deploy/reference/areas.json), loaded by `loadAreas`.
 */
export const AREA_LEVELS = ['district', 'street', 'town', 'community', 'village'] as const;
export type AreaLevel = (typeof AREA_LEVELS)[number];

/** The three tiers the plan speaks of (区、街道（镇）、社区（村）). Streets and towns share a tier. */
export const AREA_TIERS: Readonly<Record<AreaLevel, 1 | 2 | 3>> = {
  district: 1,
  street: 2,
  town: 2,
  community: 3,
  village: 3,
};

export const AREA_LEVEL_LABELS: Readonly<Record<AreaLevel, { nameZh: string; nameEn: string }>> = {
  district: { nameZh: '区', nameEn: 'district' },
  street: { nameZh: '街道', nameEn: 'street (sub-district)' },
  town: { nameZh: '镇', nameEn: 'town' },
  community: { nameZh: '社区', nameEn: 'community' },
  village: { nameZh: '村', nameEn: 'village' },
};

export interface Area {
  code: string;
  nameZh: string;
  nameEn?: string;
  level: AreaLevel;
  /** Code of the enclosing area; null for the district. */
  parent: string | null;
}

export interface AreaIndex {
  readonly areas: readonly Area[];
  byCode(code: string): Area | undefined;
  has(code: string): boolean;
  /** The area itself then each ancestor up to the district. Empty for an unknown code. */
  chain(code: string): Area[];
  children(code: string): Area[];
  /** True when `code` is `ancestor` or lies inside it. */
  isWithin(code: string, ancestor: string): boolean;
  /** The enclosing area at `tier` (1 district, 2 street/town, 3 community/village), or undefined. */
  atTier(code: string, tier: 1 | 2 | 3): Area | undefined;
  ofLevel(level: AreaLevel): Area[];
}

/**
 * Validates a flat list and indexes it. Rejects duplicate codes, unknown parents, a tier that does not
 * sit exactly one below its parent, and more than one root, so a bad reference file fails at start.
 */
export function buildAreaIndex(input: readonly Area[]): AreaIndex {
  const byCode = new Map<string, Area>();
  const problems: string[] = [];
  for (const area of input) {
    if (!area.code || !area.nameZh) problems.push(`area without code or nameZh: ${JSON.stringify(area)}`);
    if (!(AREA_LEVELS as readonly string[]).includes(area.level)) problems.push(`${area.code}: unknown level '${area.level}'`);
    if (byCode.has(area.code)) problems.push(`duplicate area code ${area.code}`);
    byCode.set(area.code, area);
  }
  const roots = input.filter((a) => a.parent === null || a.parent === undefined);
  if (roots.length !== 1) problems.push(`expected exactly one root area, found ${roots.length}`);
  for (const area of input) {
    if (area.parent === null || area.parent === undefined) {
      if (AREA_TIERS[area.level] !== 1) problems.push(`${area.code}: only a district may have no parent`);
      continue;
    }
    const parent = byCode.get(area.parent);
    if (!parent) problems.push(`${area.code}: parent ${area.parent} not found`);
    else if (AREA_TIERS[area.level] !== AREA_TIERS[parent.level] + 1) {
      problems.push(`${area.code}: a ${area.level} cannot sit under a ${parent.level}`);
    }
  }
  if (problems.length) throw new Error(`invalid area reference data:\n- ${problems.join('\n- ')}`);

  const children = new Map<string, Area[]>();
  for (const area of input) {
    if (area.parent) children.set(area.parent, [...(children.get(area.parent) ?? []), area]);
  }
  const chain = (code: string): Area[] => {
    const out: Area[] = [];
    for (let a = byCode.get(code); a; a = a.parent ? byCode.get(a.parent) : undefined) out.push(a);
    return out;
  };
  const areas = Object.freeze([...input]);
  return {
    areas,
    byCode: (code) => byCode.get(code),
    has: (code) => byCode.has(code),
    chain,
    children: (code) => [...(children.get(code) ?? [])],
    isWithin: (code, ancestor) => chain(code).some((a) => a.code === ancestor),
    atTier: (code, tier) => chain(code).find((a) => AREA_TIERS[a.level] === tier),
    ofLevel: (level) => areas.filter((a) => a.level === level),
  };
}
