import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { planJsonSchemaText } from './plan-json-schema';
import { districtPlan, districtSuccessorDraft } from './district-plans';
import { plan } from './test-plans';

const FILE = path.resolve(__dirname, '../../../docs/schemas/plan.schema.json');

describe('docs/schemas/plan.schema.json', () => {
  const committed = readFileSync(FILE, 'utf8');

  it('is what the TypeBox schema generates (run `npm run plan -- schema --out docs/schemas/plan.schema.json` after changing it)', () => {
    expect(committed).toBe(planJsonSchemaText());
  });

  it('is draft 2020-12 that ajv compiles in strict mode, and accepts the district plans and refuses a broken one', () => {
    const schema = JSON.parse(committed) as Record<string, unknown>;
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    const validate = new Ajv2020({ strict: true, allErrors: true }).compile(schema);
    for (const doc of [districtPlan(), districtSuccessorDraft(), plan()]) expect({ id: doc.id, valid: validate(doc), errors: validate.errors ?? null }).toEqual({ id: doc.id, valid: true, errors: null });
    expect(validate({ ...plan(), targets: [{ indicator: 'HEA-02' }] })).toBe(false);
  });
});
