import fs from 'node:fs';
import { documentFile } from './build-document';
import { DOCUMENTED_SERVICES } from './services';

interface Parameter {
  in: string;
  name: string;
  required?: boolean;
  schema?: { type?: string; minimum?: number; maximum?: number };
}

/** Operations of a committed document with their parameters. */
function parametersOf(service: string): { op: string; p: Parameter }[] {
  const doc = JSON.parse(fs.readFileSync(documentFile(service), 'utf8')) as { paths: Record<string, Record<string, { parameters?: Parameter[] }>> };
  return Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).flatMap(([method, op]) => (op.parameters ?? []).map((p) => ({ op: `${method.toUpperCase()} ${path}`, p }))));
}

describe('query parameters in every committed OpenAPI document', () => {
  // ?year=1e20 passed @IsInt() and reached PostgreSQL as an out-of-range integer: a 500.
  it('every numeric query parameter declares a minimum and a maximum', () => {
    const unbounded = DOCUMENTED_SERVICES.flatMap(({ info }) => parametersOf(info.name)
      .filter(({ p }) => p.in === 'query' && (p.schema?.type === 'integer' || p.schema?.type === 'number'))
      .filter(({ p }) => p.schema?.minimum === undefined || p.schema?.maximum === undefined)
      .map(({ op, p }) => `${info.name} ${op} ?${p.name}`));
    expect(unbounded).toEqual([]);
  });

  it('no query parameter is documented as required where the service treats it as optional (?key= on the alert stream)', () => {
    const stream = parametersOf('monitoring-service').filter(({ op }) => op === 'GET /v1/alerts/stream').map(({ p }) => p);
    expect(stream.filter((p) => p.in === 'query' && p.required)).toEqual([]);
  });
});
