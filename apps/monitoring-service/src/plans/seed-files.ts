import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { formatOfFileName, parsePlanText, type PlanProblem } from '@wdp/plans';

/** The plan documents the repository ships (libs/plans/plans/), copied beside the build by tools/build. */
export const SEED_PLANS_DIR = path.resolve(__dirname, '../../../../libs/plans/plans');

export interface SeedFile {
  file: string;
  doc?: unknown;
  problems: PlanProblem[];
}

/** Every plan document in `dir`, parsed but not validated, in file-name order. */
export function seedFiles(dir = SEED_PLANS_DIR): SeedFile[] {
  return readdirSync(dir)
    .filter((name) => formatOfFileName(name) !== undefined)
    .sort()
    .map((file) => {
      const parsed = parsePlanText(readFileSync(path.join(dir, file), 'utf8'), formatOfFileName(file)!);
      return parsed.ok ? { file, doc: parsed.doc, problems: [] } : { file, problems: parsed.problems };
    });
}
