import fs from 'node:fs';
import path from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

const DIR = path.join(__dirname, '..', 'sdmx', 'official-schemas');

/**
 * A validator for one of the SDMX-TWG's own SDMX-JSON 2.0.0 JSON Schemas (sdmx/official-schemas/, vendored
 * unmodified): an independent reading of the standard, not ours. The draft-04 `id` at the top is taken as the
 * schema's $id, and patterns compile without the `u` flag since they escape `-` (see the folder's README).
 */
export function officialSdmxSchema(file: 'sdmx-json-data-schema.json' | 'sdmx-json-structure-schema.json'): ValidateFunction {
  const { id, $schema: _draft, ...schema } = JSON.parse(fs.readFileSync(path.join(DIR, file), 'utf8')) as { id: string; $schema: string };
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile({ ...schema, $id: id });
}
