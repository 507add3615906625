import type { DemoDataSet } from './dataset';
import { buildDistrict } from './district';
import { Generator, type GeneratorOptions } from './generator';
import { educationRecords, employmentRecords } from './recipes/education-employment';
import { healthRecords } from './recipes/health';
import { returnsOf } from './recipes/returns';
import { familyRecords, rightsProtectionRecords } from './recipes/rights-family';
import { socialSecurityRecords } from './recipes/social-security';
import { allPlans } from './scenarios';

export interface GeneratedDemo {
  data: DemoDataSet;
  /** What was deliberately left out, for the log. */
  notes: string[];
}

export const DEFAULT_SEED = 20_211_025;

/** The whole demo data set for the options: pure, deterministic for a seed, scale, year range and clock. */
export function generateDemoData(options: GeneratorOptions, areasFile?: string): GeneratedDemo {
  const plans = allPlans();
  const g = new Generator(options, buildDistrict(options.seed, options.scale, areasFile), plans);
  healthRecords(g);
  educationRecords(g);
  employmentRecords(g);
  socialSecurityRecords(g);
  rightsProtectionRecords(g);
  familyRecords(g);
  const notes = returnsOf(g, plans);
  return { data: g.dataSet(), notes };
}
