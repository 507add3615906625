import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Area, type AreaIndex, buildAreaIndex } from './area';

/** Repository-relative location of the reference file; `AREAS_FILE` overrides it. */
export const DEFAULT_AREAS_FILE = 'deploy/reference/areas.json';

/**
 * Finds the areas file: the argument, else `AREAS_FILE`, else the default path under the working
 * directory, else the default path under the repository that contains this source file.
 */
export function resolveAreasFile(file?: string, env: NodeJS.ProcessEnv = process.env): string {
  const explicit = file ?? env.AREAS_FILE;
  if (explicit) return resolve(explicit);
  const candidates = [resolve(process.cwd(), DEFAULT_AREAS_FILE), resolve(__dirname, '../../../..', DEFAULT_AREAS_FILE)];
  return candidates.find((p) => existsSync(p)) ?? candidates[0];
}

/** Reads and validates the area reference data, returning an index with parent chains. */
export function loadAreas(file?: string, env: NodeJS.ProcessEnv = process.env): AreaIndex {
  const path = resolveAreasFile(file, env);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(`cannot read area reference data from ${path}: ${(err as Error).message}`);
  }
  if (!Array.isArray(parsed)) throw new Error(`area reference data in ${path} must be a JSON array`);
  return buildAreaIndex(parsed as Area[]);
}
