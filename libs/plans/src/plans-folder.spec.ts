import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { INDICATORS } from '@wdp/indicators';
import { formatOfFileName, parsePlanText } from './plan-format';
import { validatePlan } from './validate-plan';

const PLANS_DIR = path.resolve(__dirname, '../plans');
const files = readdirSync(PLANS_DIR).filter((f) => formatOfFileName(f));

describe('the plan documents in libs/plans/plans', () => {
  it('include the district plans', () => {
    expect(files).toEqual(expect.arrayContaining(['yunyan-district-2021-2025.yaml', 'yunyan-district-2026-2030.yaml']));
  });

  it.each(files)('%s is a valid plan named after its id', (file) => {
    const parsed = parsePlanText(readFileSync(path.join(PLANS_DIR, file), 'utf8'), formatOfFileName(file)!);
    const problems = parsed.ok ? validatePlan(parsed.doc, INDICATORS) : parsed.problems;
    expect(problems).toEqual([]);
    expect(`${(parsed as { doc: { id: string } }).doc.id}${path.extname(file)}`).toBe(file);
  });
});
