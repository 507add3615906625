import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { AreaIndex } from './area';

/**
 * The areas above the district (Guiyang, Guizhou, China) that the higher-level plans are written for. They are
 * reference data of their own (deploy/reference/reference-areas.json), apart from the district's hierarchy
 * (areas.json): nothing rolls up into them, since this system does not hold the other districts' records, so
 * their figures come from statistical returns filed for them and from nothing else.
 */
export const REFERENCE_AREA_LEVELS = ['country', 'province', 'city'] as const;
export type ReferenceAreaLevel = (typeof REFERENCE_AREA_LEVELS)[number];

export interface ReferenceArea {
  code: string;
  nameZh: string;
  nameEn?: string;
  level: ReferenceAreaLevel;
  /** Code of the enclosing area; null for the country. */
  parent: string | null;
}

export interface ReferenceAreaIndex {
  readonly areas: readonly ReferenceArea[];
  byCode(code: string): ReferenceArea | undefined;
  has(code: string): boolean;
}

/** Repository-relative location of the file; `REFERENCE_AREAS_FILE` overrides it. */
export const DEFAULT_REFERENCE_AREAS_FILE = 'deploy/reference/reference-areas.json';

/**
 * Validates the list and indexes it: known levels, unique codes, each area directly under the level above it
 * (a city under a province under the country), and — given the district's hierarchy — no code the district's
 * own areas already use, so one code never names two places. A bad file fails at start.
 */
export function buildReferenceAreaIndex(input: readonly ReferenceArea[], district?: AreaIndex): ReferenceAreaIndex {
  const byCode = new Map<string, ReferenceArea>();
  const problems: string[] = [];
  for (const area of input) {
    if (!area.code || !area.nameZh) problems.push(`area without code or nameZh: ${JSON.stringify(area)}`);
    if (!(REFERENCE_AREA_LEVELS as readonly string[]).includes(area.level)) problems.push(`${area.code}: unknown level '${area.level}' (${REFERENCE_AREA_LEVELS.join(', ')})`);
    if (byCode.has(area.code)) problems.push(`duplicate area code ${area.code}`);
    if (district?.has(area.code)) problems.push(`${area.code} is already an area of the district's hierarchy`);
    byCode.set(area.code, area);
  }
  for (const area of input) {
    const depth = REFERENCE_AREA_LEVELS.indexOf(area.level);
    if (depth < 0) continue;
    if (area.parent === null || area.parent === undefined) {
      if (depth !== 0) problems.push(`${area.code}: only the country may have no parent`);
      continue;
    }
    const parent = byCode.get(area.parent);
    if (!parent) problems.push(`${area.code}: parent ${area.parent} not found`);
    else if (REFERENCE_AREA_LEVELS.indexOf(parent.level) !== depth - 1) problems.push(`${area.code}: a ${area.level} cannot sit under a ${parent.level}`);
  }
  if (problems.length) throw new Error(`invalid reference areas above the district:\n- ${problems.join('\n- ')}`);
  const areas = Object.freeze([...input]);
  return { areas, byCode: (code) => byCode.get(code), has: (code) => byCode.has(code) };
}

/** The argument, else `REFERENCE_AREAS_FILE`, else the default path under the working directory, else under this repository. */
export function resolveReferenceAreasFile(file?: string, env: NodeJS.ProcessEnv = process.env): string {
  const explicit = file ?? env.REFERENCE_AREAS_FILE;
  if (explicit) return resolve(explicit);
  const candidates = [resolve(process.cwd(), DEFAULT_REFERENCE_AREAS_FILE), resolve(__dirname, '../../../..', DEFAULT_REFERENCE_AREAS_FILE)];
  return candidates.find((p) => existsSync(p)) ?? candidates[0];
}

/** Reads and validates the areas above the district (checked against the district's hierarchy when given). */
export function loadReferenceAreas(file?: string, district?: AreaIndex, env: NodeJS.ProcessEnv = process.env): ReferenceAreaIndex {
  const path = resolveReferenceAreasFile(file, env);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(`cannot read the reference areas above the district from ${path}: ${(err as Error).message}`);
  }
  if (!Array.isArray(parsed)) throw new Error(`reference areas in ${path} must be a JSON array`);
  return buildReferenceAreaIndex(parsed as ReferenceArea[], district);
}
