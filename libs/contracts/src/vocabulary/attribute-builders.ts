import type { AttributeDefinition } from './kind-types';

/** Short constructors so the kind tables read as a data dictionary rather than object noise. */
export const enumAttr = (name: string, values: readonly string[], description: string, required = true): AttributeDefinition => ({
  name,
  type: 'enum',
  values,
  required,
  description,
});

export const boolAttr = (name: string, description: string, required = true): AttributeDefinition => ({
  name,
  type: 'boolean',
  required,
  description,
});

export const intAttr = (name: string, min: number, max: number, description: string, required = true): AttributeDefinition => ({
  name,
  type: 'integer',
  min,
  max,
  required,
  description,
});

export const stringAttr = (name: string, pattern: string, description: string, required = true): AttributeDefinition => ({
  name,
  type: 'string',
  pattern,
  required,
  description,
});

/** Where a woman lives relative to the district: the plan singles out migrant (流动) women. */
export const RESIDENCE_VALUES = ['resident', 'migrant'] as const;
export const residenceAttr = (required = false) =>
  enumAttr('residence', RESIDENCE_VALUES, 'resident (户籍/常住) or migrant (流动) population', required);
