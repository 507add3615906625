import fs from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { buildAsyncApiDocument } from './build-document';

/** `npm run docs:asyncapi` — rewrites docs/asyncapi.yaml from the contracts. */
export function renderAsyncApi(): string {
  return stringify(buildAsyncApiDocument(), { lineWidth: 0, aliasDuplicateObjects: false });
}

export const ASYNCAPI_FILE = path.resolve(__dirname, '..', '..', 'docs', 'asyncapi.yaml');

if (require.main === module) {
  fs.writeFileSync(ASYNCAPI_FILE, renderAsyncApi());
  console.log(`wrote ${path.relative(process.cwd(), ASYNCAPI_FILE)}`);
}
