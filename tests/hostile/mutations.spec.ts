import fc from 'fast-check';
import { containsResidentIdNumber, isLegacyResidentIdNumber, isResidentIdNumber } from '@wdp/ingestion';
import { fieldMutations, pathString, residentIdNumber, residentIdText, slotsOf } from './mutations';
import { resolveSchema, writeOperations, type Schema } from './openapi-operations';

const doc: Schema = {
  components: {
    schemas: {
      Attrs: { type: 'object', properties: { mode: { type: 'string', enum: ['a', 'b'] } }, required: ['mode'] },
      Item: {
        type: 'object',
        required: ['reference', 'period', 'attributes'],
        properties: {
          reference: { type: 'string', maxLength: 10 },
          period: { type: 'string', example: '2025-07' },
          count: { type: 'integer', minimum: 1, maximum: 100 },
          attributes: { allOf: [{ $ref: '#/components/schemas/Attrs' }], description: 'x' },
        },
      },
      Batch: { type: 'object', properties: { items: { type: 'array', items: { $ref: '#/components/schemas/Item' } } } },
    },
  },
  paths: {
    '/v1/records/thing': {
      post: {
        operationId: 'Thing_submit',
        requestBody: { content: { 'application/json': {
          schema: { oneOf: [{ $ref: '#/components/schemas/Item' }, { $ref: '#/components/schemas/Batch' }] },
          examples: { single: { value: { reference: 'R-1', period: '2025-07', count: 1, attributes: { mode: 'a' } } } },
        } } },
      },
    },
  },
};

describe('hostile body generation', () => {
  it('generates resident ID numbers the service’s detector recognises, in every written form', () => {
    fc.assert(fc.property(residentIdNumber, (id) => isResidentIdNumber(id) || isLegacyResidentIdNumber(id)), { numRuns: 500 });
    fc.assert(fc.property(residentIdText, (text) => containsResidentIdNumber(text)), { numRuns: 500 });
  });

  it('reads write operations from an OpenAPI document, resolving $ref, allOf and oneOf', () => {
    const [op] = writeOperations(doc);
    expect(op).toMatchObject({ method: 'POST', path: '/v1/records/thing', acceptsBatch: true, mergePatch: false });
    expect(Object.keys(op.schema!.properties)).toEqual(['reference', 'period', 'count', 'attributes']);
    expect(resolveSchema(doc, op.schema!.properties.attributes).required).toEqual(['mode']);
    expect(slotsOf(doc, op.schema!, op.example).map((s) => pathString(s.path))).toEqual(['reference', 'period', 'count', 'attributes', 'attributes.mode']);
  });

  it('never hands back the valid example unchanged, and names a field the body really changed', () => {
    const [op] = writeOperations(doc);
    for (const arb of fieldMutations(doc, op)) {
      fc.assert(fc.property(arb, (m) => {
        expect(m.body).not.toEqual(op.example);
        expect(m.field).toEqual(expect.any(String));
      }), { numRuns: 50 });
    }
  });
});
