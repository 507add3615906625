import { toOpenApi30, planOpenApiSchema } from './plan-openapi-schema';

describe('toOpenApi30', () => {
  it('writes const, a nullable union and a numeric exclusiveMinimum as OpenAPI 3.0 does, at any depth', () => {
    expect(
      toOpenApi30({
        $schema: 'https://json-schema.org/draft/2020-12/schema',
        $id: 'urn:x',
        type: 'object',
        properties: {
          schema: { const: 'wdp-plan/1', type: 'string' },
          targets: { type: 'array', items: { type: 'object', properties: { value: { anyOf: [{ type: 'number' }, { type: 'null' }], description: 'd' }, tolerance: { type: 'number', exclusiveMinimum: 0 } } } },
          either: { anyOf: [{ type: 'number' }, { type: 'string' }] },
        },
      }),
    ).toEqual({
      type: 'object',
      properties: {
        schema: { enum: ['wdp-plan/1'], type: 'string' },
        targets: { type: 'array', items: { type: 'object', properties: { value: { type: 'number', nullable: true, description: 'd' }, tolerance: { type: 'number', minimum: 0, exclusiveMinimum: true } } } },
        either: { anyOf: [{ type: 'number' }, { type: 'string' }] },
      },
    });
  });

  it('leaves none of the 2020-12 keywords OpenAPI 3.0 does not know in the plan’s schema', () => {
    const text = JSON.stringify(planOpenApiSchema());
    for (const keyword of ['"$schema"', '"$id"', '"const"', '"null"', '"exclusiveMinimum":0']) expect(text).not.toContain(keyword);
  });
});
