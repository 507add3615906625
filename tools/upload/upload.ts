import { readFileSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import { parseArgs } from 'node:util';
import { SingleBar } from 'cli-progress';
import { DEPARTMENTS } from '@wdp/contracts';
import { CSV_CONTENT_TYPE, MAX_BATCH_ITEMS, readSheet } from '@wdp/ingestion';
import { baseUrlOf, readDepartmentKey } from '../demo-data/targets';
import { postWithRetry } from './http';
import { planChunks, type UploadType } from './plan';
import { UploadSummary } from './summary';

const USAGE = `Upload a CSV or XLSX file of records or a statistical return to a departmental service.

  npm run upload -- --service health --kind live-birth --file births.xlsx [--key <key>] [options]

  --service      department code (health) or service name (health-service)
  --kind         record or return kind; records or returns is looked up in the service's /v1/kinds
  --file         .csv or .xlsx (first worksheet; header row = column names, see GET .../template.xlsx)
  --key          API key with write:<department>; else WDP_API_KEY; else the demo key in .local/keys/<service>.json
  --url          service base URL (default http://127.0.0.1:<port of the service>)
  --batch-size   rows per request for records (default 5000, at most ${MAX_BATCH_ITEMS})
  --retries      retries per request on 429/502/503/504 and network errors (default 5)
  --dry-run      validate every row without writing
  --keys-dir     where the demo keys files are (default .local/keys)
  --no-progress  no progress bar`;

export interface CliOptions {
  service: string;
  department: string;
  kind: string;
  file: string;
  key: string;
  baseUrl: string;
  batchSize: number;
  retries: number;
  dryRun: boolean;
  progress: boolean;
}

export function parseCli(argv: string[], env: NodeJS.ProcessEnv = process.env): CliOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      service: { type: 'string' }, kind: { type: 'string' }, file: { type: 'string' }, key: { type: 'string' }, url: { type: 'string' },
      'batch-size': { type: 'string' }, retries: { type: 'string' }, 'dry-run': { type: 'boolean' }, 'keys-dir': { type: 'string' },
      'no-progress': { type: 'boolean' }, help: { type: 'boolean' },
    },
  });
  if (values.help || !values.service || !values.kind || !values.file) throw new UsageError(USAGE);
  const dept = DEPARTMENTS.find((d) => d.code === values.service || d.service === values.service);
  if (!dept) throw new UsageError(`unknown service ${values.service}; one of ${DEPARTMENTS.map((d) => d.code).join(', ')}`);
  const batchSize = Number(values['batch-size'] ?? 5000);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > MAX_BATCH_ITEMS) throw new UsageError(`--batch-size must be 1 to ${MAX_BATCH_ITEMS}`);
  const retries = Number(values.retries ?? 5);
  if (!Number.isInteger(retries) || retries < 0) throw new UsageError('--retries must be a whole number');
  const key = values.key ?? env.WDP_API_KEY ?? readDepartmentKey(dept.service, dept.code, values['keys-dir'] ?? '.local/keys');
  return {
    service: dept.service, department: dept.code, kind: values.kind, file: values.file, key,
    baseUrl: (values.url ?? baseUrlOf(dept.service, env)).replace(/\/$/, ''),
    batchSize, retries, dryRun: !!values['dry-run'], progress: !values['no-progress'],
  };
}

export class UsageError extends Error {}

/** Records or returns, from the service's public catalogue. */
async function typeOf(baseUrl: string, kind: string): Promise<UploadType> {
  const res = await fetch(`${baseUrl}/v1/kinds`);
  if (!res.ok) throw new Error(`GET ${baseUrl}/v1/kinds answered ${res.status}`);
  const catalogue = (await res.json()) as { records?: { kind: string }[]; returns?: { kind: string }[] };
  if (catalogue.records?.some((k) => k.kind === kind)) return 'records';
  if (catalogue.returns?.some((k) => k.kind === kind)) return 'returns';
  const known = [...(catalogue.records ?? []), ...(catalogue.returns ?? [])].map((k) => k.kind);
  throw new UsageError(`${baseUrl} has no kind ${kind}; it has ${known.join(', ')}`);
}

export async function runUpload(o: CliOptions, log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Promise<UploadSummary> {
  const ext = extname(o.file).toLowerCase();
  if (ext !== '.csv' && ext !== '.xlsx') throw new UsageError('--file must be a .csv or .xlsx file');
  const started = performance.now();
  const type = await typeOf(o.baseUrl, o.kind);
  const sheet = await readSheet(ext === '.csv' ? 'csv' : 'xlsx', readFileSync(o.file));
  const chunks = planChunks(sheet, type, o.kind, o.batchSize);
  const summary = new UploadSummary(o.dryRun);
  summary.rows = sheet.rows.length;
  log(`${o.file}: ${sheet.rows.length} rows (${Math.round(statSync(o.file).size / 1024)} KiB) → ${chunks.length} request${chunks.length === 1 ? '' : 's'} to ${o.baseUrl}/v1/${type}/${o.kind}/upload`);

  const bar = o.progress ? new SingleBar({ format: ' {bar} {percentage}% | {value}/{total} rows | {eta_formatted} left', stream: process.stderr, hideCursor: true }) : undefined;
  bar?.start(sheet.rows.length, 0);
  const url = `${o.baseUrl}/v1/${type}/${o.kind}/upload${o.dryRun ? '?dryRun=true' : ''}`;
  try {
    for (const chunk of chunks) {
      const answer = await postWithRetry(url, chunk.csv, {
        'content-type': `${CSV_CONTENT_TYPE}; charset=utf-8`,
        'x-api-key': o.key,
        ...(o.dryRun ? {} : { 'idempotency-key': chunk.idempotencyKey }),
      }, {
        retries: o.retries, baseDelayMs: 500, maxDelayMs: 30_000,
        onRetry: (attempt, reason, delay) => {
          summary.retries++;
          if (!bar) log(`request ${chunk.index + 1}: ${reason}; retry ${attempt} in ${delay} ms`);
        },
      });
      // A 401/403 will not get better with the next chunk.
      summary.add(chunk, answer.status, answer.body, answer.replayed);
      if (answer.status === 401 || answer.status === 403) break;
      bar?.increment(chunk.rowNumbers.length);
    }
  } finally {
    bar?.stop();
  }
  summary.elapsedMs = performance.now() - started;
  return summary;
}

async function main(): Promise<number> {
  try {
    const options = parseCli(process.argv.slice(2));
    const summary = await runUpload(options);
    process.stdout.write(`${summary.format()}\n`);
    return summary.ok ? 0 : 1;
  } catch (err) {
    process.stderr.write(`${err instanceof UsageError ? err.message : `upload failed: ${(err as Error).message}`}\n`);
    return 2;
  }
}

if (require.main === module) void main().then((code) => process.exit(code));
