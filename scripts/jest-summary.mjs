#!/usr/bin/env node
// Prints the one plain line CI reads ("N passed, N failed") from jest's --json results.
// Exits non-zero when the file is missing or nothing ran, so an empty run can never look green.
import fs from 'node:fs';

const file = process.argv[2] ?? 'reports/jest-results.json';
if (!fs.existsSync(file)) {
  console.log('0 passed, 1 failed');
  console.error(`[summary] ${file} not found: jest did not run to completion`);
  process.exit(1);
}
const r = JSON.parse(fs.readFileSync(file, 'utf8'));
const failedSuites = r.numFailedTestSuites ?? 0;
// A suite that fails to load has no test results; count it as a failure so it cannot vanish.
const failed = (r.numFailedTests ?? 0) + (r.testResults ?? []).filter((s) => s.status === 'failed' && (s.assertionResults ?? []).length === 0).length;
const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
const line = `${r.numPassedTests ?? 0} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`;
console.log(line);
if ((r.numTotalTests ?? 0) === 0) {
  console.error('[summary] no test ran');
  process.exit(1);
}
process.exit(failed > 0 || failedSuites > 0 ? 1 : 0);
