import type { FastifyInstance } from 'fastify';
import type { FieldError } from './problem-details';
import { ProblemException } from './problem.exception';

export const NUL_REASON = 'must not contain a NUL character (U+0000)';
export const NOT_AN_OBJECT_REASON = 'must be a JSON object';

/** Batch arrays whose element index is reported as `row`, as the validation errors do. */
const ROW_ARRAY = /^(?:items|records|figures|rows)\[(\d+)\]/;

function located(field: string): FieldError {
  const m = ROW_ARRAY.exec(field);
  return m ? { field, row: Number(m[1]), reason: NUL_REASON } : { field: field || '(body)', reason: NUL_REASON };
}

/**
 * Every string or object key holding U+0000, by path. PostgreSQL text cannot store it, so left alone it is a
 * 500 at the first insert or filter. Iterative, so any nesting depth is walked without recursion.
 */
export function findNulCharacters(value: unknown, path = ''): FieldError[] {
  const out: FieldError[] = [];
  const stack: [unknown, string][] = [[value, path]];
  while (stack.length) {
    const [v, at] = stack.pop()!;
    if (typeof v === 'string') {
      if (v.includes('\u0000')) out.push(located(at));
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) if (v[i] !== null && typeof v[i] !== 'number' && typeof v[i] !== 'boolean') stack.push([v[i], `${at}[${i}]`]);
    } else if (v !== null && typeof v === 'object' && !Buffer.isBuffer(v)) {
      const keys = Object.keys(v);
      for (let i = keys.length - 1; i >= 0; i--) {
        const k = keys[i];
        const child = at ? `${at}.${k}` : k;
        if (k.includes('\u0000')) out.push(located(child));
        const c = (v as Record<string, unknown>)[k];
        if (c !== null && typeof c !== 'number' && typeof c !== 'boolean') stack.push([c, child]);
      }
    }
  }
  return out;
}

/** Content types whose body Fastify parsed as JSON. */
function isJson(contentType: string | undefined): boolean {
  const media = (contentType ?? '').split(';')[0].trim().toLowerCase();
  return media === 'application/json' || media.endsWith('+json');
}

/** The problems of a parsed request, before any pipe, guard or handler sees it. */
export function screenRequest(request: { query: unknown; params: unknown; body: unknown; headers: Record<string, unknown> }): FieldError[] {
  const errors = [...findNulCharacters(request.query), ...findNulCharacters(request.params)];
  const body = request.body;
  if (body !== undefined && isJson(request.headers['content-type'] as string | undefined)) {
    // Every JSON body of this API is an object; `null` used to pass as an empty update.
    if (body === null || typeof body !== 'object' || Array.isArray(body)) errors.push({ field: '(body)', reason: NOT_AN_OBJECT_REASON });
    else errors.push(...findNulCharacters(body));
  }
  return errors;
}

/** preValidation on every route: one place for what no field of any DTO may hold (see screenRequest). */
export function registerRequestScreen(fastify: FastifyInstance): void {
  fastify.addHook('preValidation', (request, _reply, done) => {
    const errors = screenRequest(request);
    done(errors.length ? ProblemException.validation(errors) : undefined);
  });
}
