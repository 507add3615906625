import { parseArgs } from 'node:util';
import { type CommandResult, DEFAULT_URL, exportPlan, importPlan, schema, USAGE, validateFiles } from './commands';

/** Runs one command line (the arguments after `npm run plan --`). */
export async function run(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<CommandResult> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        format: { type: 'string', default: 'yaml' },
        out: { type: 'string' },
        url: { type: 'string' },
        key: { type: 'string' },
        reason: { type: 'string' },
        help: { type: 'boolean' },
      },
    });
  } catch (error) {
    return { exitCode: 2, stdout: [], stderr: [(error as Error).message, '', USAGE] };
  }
  const [command, ...rest] = parsed.positionals;
  const { format, out, url, key, reason, help } = parsed.values;
  if (help) return { exitCode: 0, stdout: [USAGE], stderr: [] };
  switch (command) {
    case 'validate':
      return validateFiles(rest);
    case 'export':
      return exportPlan(rest[0], format, out);
    case 'schema':
      return schema(out);
    case 'import':
      return importPlan(rest[0], { url: url ?? env.MONITORING_URL ?? DEFAULT_URL, key: key ?? env.ADMIN_API_KEY, reason });
    default:
      return { exitCode: 2, stdout: [], stderr: [command ? `unknown command ${command}` : 'name a command', '', USAGE] };
  }
}

if (require.main === module) {
  void run(process.argv.slice(2)).then((result) => {
    if (result.stdout.length) process.stdout.write(`${result.stdout.join('\n')}\n`);
    if (result.stderr.length) process.stderr.write(`${result.stderr.join('\n')}\n`);
    process.exitCode = result.exitCode;
  });
}
