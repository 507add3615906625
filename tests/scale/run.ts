import { formatReport, failures } from './report';
import { runScale } from './scale-run';

// `npm run test:scale`: the scale-out proof (scale-run.ts). Prints the figures and, last, one JSON line; exits 1
// if a record was lost or counted twice, a pair was decided by two replicas at once, an alert transition was
// logged twice, or the cluster's topics were not replicated as required.

async function main() {
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => process.exit(130));
  const figures = await runScale();
  console.log(`\n${formatReport(figures)}\n`);
  console.log(JSON.stringify({ scale: figures }));
  if (failures(figures).length > 0) process.exitCode = 1;
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
