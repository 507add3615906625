import fs from 'node:fs';
import path from 'node:path';
import { buildServiceDocument, documentFile, renderDocument } from './build-document';
import { renderClientTypes } from './client-types';
import { LINT_IGNORE_FILE, renderLintIgnore, type PathsDocument } from './lint-exceptions';
import { DOCUMENTED_SERVICES } from './services';

const ROOT = path.resolve(__dirname, '..', '..');
/** The typed client package integrators use; its per-service types are generated here. */
export const CLIENT_DIR = path.join(ROOT, 'libs', 'api-client', 'src', 'generated');

export const clientTypesFile = (service: string): string => path.join(CLIENT_DIR, `${service}.d.ts`);

/** Every generated file and its content: the OpenAPI document of each service and the client types built from it. */
export async function renderAll(): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const documents = new Map<string, PathsDocument>();
  for (const service of DOCUMENTED_SERVICES) {
    const json = renderDocument(await buildServiceDocument(service));
    files.set(documentFile(service.info.name), json);
    files.set(clientTypesFile(service.info.name), await renderClientTypes(json));
    documents.set(path.relative(ROOT, documentFile(service.info.name)), JSON.parse(json) as PathsDocument);
  }
  files.set(LINT_IGNORE_FILE, renderLintIgnore(documents));
  return files;
}

/** Committed files that differ from what the services generate now. */
export async function driftedFiles(): Promise<string[]> {
  const drifted: string[] = [];
  for (const [file, content] of await renderAll()) {
    const committed = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    if (committed !== content) drifted.push(path.relative(ROOT, file));
  }
  return drifted;
}

/**
 * `npm run docs:openapi` rewrites docs/openapi/*.json, libs/api-client/src/generated/*.d.ts and .redocly.lint-ignore.yaml; with `--check` it writes
 * nothing and exits 1 naming the files that drifted (openapi-typescript needs Node's require(esm), which jest lacks,
 * so the drift test runs this as a child process).
 */
async function main(check: boolean): Promise<void> {
  if (check) {
    const drifted = await driftedFiles();
    if (drifted.length === 0) return console.log('docs/openapi and libs/api-client are up to date');
    console.error(`drifted (run npm run docs:openapi):\n${drifted.map((f) => `  ${f}`).join('\n')}`);
    process.exit(1);
  }
  for (const [file, content] of await renderAll()) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
    console.log(`wrote ${path.relative(process.cwd(), file)}`);
  }
}

if (require.main === module) {
  main(process.argv.includes('--check')).catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
