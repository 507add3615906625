// The write operations of a service as its OpenAPI document describes them, with the JSON body schema resolved
// and a valid example to mutate. Pure: the fuzzer feeds it the live /docs-json.

export type Schema = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
export type WriteMethod = 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface WriteOperation {
  method: WriteMethod;
  /** Path template, e.g. /v1/records/live-birth/{id}. */
  path: string;
  operationId: string;
  /** Media types of the request body ([] when there is none). */
  contentTypes: string[];
  /** Resolved JSON body schema (the single-item alternative of a record POST); absent without a JSON body. */
  schema?: Schema;
  /** A valid JSON body from the document's examples or the schema's property examples. */
  example?: Record<string, unknown>;
  /** A record POST also takes `{ items: [...] }`. */
  acceptsBatch: boolean;
  /** JSON merge patch: fields may be left out. */
  mergePatch: boolean;
}

const WRITE_METHODS: readonly WriteMethod[] = ['POST', 'PUT', 'PATCH', 'DELETE'];

/** Resolves $ref and merges allOf; a oneOf resolves to its first alternative. */
export function resolveSchema(doc: Schema, schema: Schema | undefined, depth = 0): Schema {
  if (!schema || depth > 20) return {};
  if (schema.$ref) {
    const name = String(schema.$ref).replace('#/components/schemas/', '');
    const { $ref: _ref, ...rest } = schema;
    return { ...resolveSchema(doc, doc.components?.schemas?.[name], depth + 1), ...rest };
  }
  if (schema.allOf) {
    const { allOf, ...rest } = schema;
    return Object.assign({}, ...allOf.map((s: Schema) => resolveSchema(doc, s, depth + 1)), rest);
  }
  if (schema.oneOf) return resolveSchema(doc, schema.oneOf[0], depth + 1);
  return schema;
}

/** A body built from the schema's own property examples (required properties and those with examples). */
export function exampleFromSchema(doc: Schema, schema: Schema, depth = 0): unknown {
  const s = resolveSchema(doc, schema);
  if (s.example !== undefined) return s.example;
  if (depth > 6) return undefined;
  if (s.type === 'object' || s.properties) {
    const out: Record<string, unknown> = {};
    for (const [name, prop] of Object.entries<Schema>(s.properties ?? {})) {
      const value = exampleFromSchema(doc, prop, depth + 1);
      if (value !== undefined) out[name] = value;
    }
    return out;
  }
  if (s.type === 'array' && s.items) {
    const item = exampleFromSchema(doc, s.items, depth + 1);
    return item === undefined ? [] : [item];
  }
  if (s.enum) return s.enum[0];
  return undefined;
}

export function writeOperations(doc: Schema): WriteOperation[] {
  const ops: WriteOperation[] = [];
  for (const [path, item] of Object.entries<Schema>(doc.paths ?? {})) {
    for (const method of WRITE_METHODS) {
      const op = item[method.toLowerCase()];
      if (!op) continue;
      const content: Schema = op.requestBody?.content ?? {};
      const contentTypes = Object.keys(content);
      const json = content['application/json'];
      const rawSchema: Schema | undefined = json?.schema;
      const acceptsBatch = Boolean(rawSchema?.oneOf && /\/v1\/records\/[^/{]+$/.test(path));
      const mergePatch = contentTypes.includes('application/merge-patch+json');
      let schema = rawSchema ? resolveSchema(doc, rawSchema) : undefined;
      let example = json?.examples ? (Object.values<Schema>(json.examples)[0]?.value as Record<string, unknown>) : undefined;
      // A merge patch's schema is "any subset" of the record: mutate the record's own schema (from PUT) instead.
      if (mergePatch && !schema?.properties) {
        const put = item.put?.requestBody?.content?.['application/json'];
        schema = put?.schema ? resolveSchema(doc, put.schema) : schema;
        example = put?.examples ? (Object.values<Schema>(put.examples)[0]?.value as Record<string, unknown>) : example;
      }
      if (schema && example === undefined) example = exampleFromSchema(doc, schema) as Record<string, unknown>;
      ops.push({ method, path, operationId: op.operationId ?? `${method} ${path}`, contentTypes, schema, example, acceptsBatch, mergePatch });
    }
  }
  return ops;
}
