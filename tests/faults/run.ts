import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '@wdp/testing/system';
import { runFaults } from './fault-run';
import { CLIENT_TIMEOUT_MS, type FaultResult } from './scenarios';

// `npm run test:faults [name]`: the fault scenarios (fault-run.ts) against real processes. Prints a table, writes docs/faults.md and, last, one JSON line; exits 1 if any
// accepted record was lost or counted twice, or an answer was a 500 or a hang.

function table(results: FaultResult[]): string {
  const head = ['scenario', 'sent', 'accepted', 'counted', 'duplicates', 'lost', 're-sent, deduplicated', 'answers', 'bad answers', 'longest request ms', 'settled in s', 'ok'];
  const line = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
  return [
    line(head),
    line(head.map(() => '---')),
    ...results.map((r) =>
      line([r.scenario, r.sent, r.accepted, r.counted, r.duplicates, r.lost, r.resent, Object.entries(r.statuses).map(([k, v]) => `${k}×${v}`).join(' '), r.badAnswers, r.maxRequestMs, r.settleSeconds, r.ok ? 'yes' : '**NO**']),
    ),
  ].join('\n');
}

async function main() {
  const only = process.argv[2];
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => process.exit(130)); // 'exit' resumes a paused cluster
  const results = await runFaults({ only });
  const md = table(results);
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
