// Entry point of `npm run keys`: see KEYS_USAGE.
import 'reflect-metadata';
import { runKeysCli } from './keys-cli';

runKeysCli(process.argv.slice(2), {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  env: process.env,
}).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`keys: ${(err as Error).message}\n`);
    process.exit(1);
  },
);
