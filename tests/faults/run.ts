import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '@wdp/testing/system';
import { runFaults } from './fault-run';
import { CLIENT_TIMEOUT_MS, type FaultResult } from './scenarios';

// `npm run test:faults [name]`: the fault scenarios (fault-run.ts) against real processes. Prints two tables, writes docs/faults.md and, last, one JSON line; exits 1 if any
// accepted record was lost or counted twice, an official figure counted a cell other than its last approval says, a cell's approval state at
// monitoring differs from the one its service acknowledged, or an answer was a 500 or a hang.

function table(results: FaultResult[]): string {
  const head = ['scenario', 'sent', 'accepted', 'approval cells\' records', 'counted', 'duplicates', 'lost', 're-sent, deduplicated', 'answers', 'bad answers', 'longest request ms', 'settled in s', 'ok'];
  const line = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
  return [
    line(head),
    line(head.map(() => '---')),
    ...results.map((r) =>
      line([r.scenario, r.sent, r.accepted, r.approvalUnits, r.counted, r.duplicates, r.lost, r.resent, answers(r.statuses), r.badAnswers, r.maxRequestMs, r.settleSeconds, r.ok ? 'yes' : '**NO**']),
    ),
  ].join('\n');
}

/** The approval traffic of each scenario and the check of every cell under approval so far (approval-check.ts). */
function approvalTable(results: FaultResult[]): string {
  const head = ['scenario', 'cell rounds (during the fault)', 'approval actions', 'data writes', 'cells approved / held', 'official counted / expected', 'official duplicates', 'official lost', 'provisional mismatches', 'state mismatches', 'answers', 'bad answers'];
  const line = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
  return [
    line(head),
    line(head.map(() => '---')),
    ...results.map(({ scenario, approval: a }) =>
      line([scenario, `${a.rounds} (${a.roundsDuringFault})`, a.actions, a.writes, `${a.approvedCells} / ${a.heldCells}`, `${a.officialCounted} / ${a.officialExpected}`, a.officialDuplicates, a.officialLost, a.provisionalMismatches, a.stateMismatches, answers(a.statuses), a.badAnswers]),
    ),
  ].join('\n');
}

const answers = (statuses: Record<string, number>) => Object.entries(statuses).map(([k, v]) => `${k}×${v}`).join(' ');

async function main() {
  const only = process.argv[2];
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => process.exit(130)); // 'exit' resumes a paused cluster
  const results = await runFaults({ only });
  const md = `${table(results)}\n\nApproval traffic beside the load (approve, unlock, correct, re-approve during the fault):\n\n${approvalTable(results)}`;
  console.log(`\n${md}\n`);
  if (!only) {
    const doc = fs.readFileSync(path.join(ROOT, 'docs', 'faults.md'), 'utf8');
    const marker = '<!-- results -->';
    const head = doc.includes(marker) ? doc.slice(0, doc.indexOf(marker) + marker.length) : `${doc.trimEnd()}\n\n${marker}`;
    fs.writeFileSync(path.join(ROOT, 'docs', 'faults.md'), `${head}\n\nLast run: ${new Date().toISOString()}, client timeout ${CLIENT_TIMEOUT_MS} ms.\n\n${md}\n`);
  }
  console.log(JSON.stringify({ faults: results }));
  if (results.some((r) => !r.ok)) process.exitCode = 1;
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
