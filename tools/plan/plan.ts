import { parseArgs } from 'node:util';
import { type CommandResult, exportPlan, schema, USAGE, validateFiles } from './commands';

/** Runs one command line (the arguments after `npm run plan --`). */
export function run(argv: string[]): CommandResult {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { format: { type: 'string', default: 'yaml' }, out: { type: 'string' }, help: { type: 'boolean' } } });
  } catch (error) {
    return { exitCode: 2, stdout: [], stderr: [(error as Error).message, '', USAGE] };
  }
  const [command, ...rest] = parsed.positionals;
  const { format, out, help } = parsed.values;
  if (help) return { exitCode: 0, stdout: [USAGE], stderr: [] };
  switch (command) {
    case 'validate':
      return validateFiles(rest);
    case 'export':
      return exportPlan(rest[0], format, out);
    case 'schema':
      return schema(out);
    case 'import':
      return { exitCode: 2, stdout: [], stderr: ['import: importing a plan needs the monitoring service’s database; this tool only validates and exports'] };
    default:
      return { exitCode: 2, stdout: [], stderr: [command ? `unknown command ${command}` : 'name a command', '', USAGE] };
  }
}

if (require.main === module) {
  const result = run(process.argv.slice(2));
  if (result.stdout.length) process.stdout.write(`${result.stdout.join('\n')}\n`);
  if (result.stderr.length) process.stderr.write(`${result.stderr.join('\n')}\n`);
  process.exitCode = result.exitCode;
}
