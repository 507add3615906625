import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
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

const SDMX_ML_SCHEMA = path.join(DIR, 'sdmx-ml-3.0.0', 'SDMXMessage.xsd');
const XSD_VALIDATOR = path.join(__dirname, 'ValidateXsd.java');

/**
 * An SDMX-ML 3.0 message checked by the JDK's XML Schema validator against the SDMX-TWG's own SDMX-ML 3.0.0
 * schemas (sdmx/official-schemas/sdmx-ml-3.0.0, vendored unmodified). Java is on every machine of this project;
 * without it this throws, so a test using it fails rather than skips.
 */
export function validateSdmxMl(xml: string): { status: number | null; output: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sdmx-ml-'));
  try {
    const file = path.join(dir, 'message.xml');
    fs.writeFileSync(file, xml);
    const run = spawnSync('java', [XSD_VALIDATOR, SDMX_ML_SCHEMA, file], { encoding: 'utf8', timeout: 120_000 });
    if (run.error) throw run.error;
    return { status: run.status, output: `${run.stdout}${run.stderr}` };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
