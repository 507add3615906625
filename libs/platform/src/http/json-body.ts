import type { FastifyInstance } from 'fastify';

/** JSON media types the services read; merge patches (RFC 7396) are JSON too. */
export const JSON_MEDIA_TYPES = ['application/json', 'application/merge-patch+json'] as const;

function badRequest(message: string): Error & { statusCode: number } {
  return Object.assign(new Error(message), { statusCode: 400 });
}

/**
 * The services read JSON (and spreadsheets, registered by the ingestion library): a text/plain body is a 415,
 * not a string handed to a handler that expects an object. Parses JSON bodies strictly: bytes that are not valid UTF-8 are a 400, where the lenient default would turn
 * them into U+FFFD and store the corrupted text; Fastify's prototype-poisoning guard and body limit still apply.
 * Replaces Nest's parser (create the app with `bodyParser: false`).
 */
export function registerStrictJsonParsers(fastify: FastifyInstance): void {
  if (fastify.hasContentTypeParser('text/plain')) fastify.removeContentTypeParser('text/plain');
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  for (const type of JSON_MEDIA_TYPES) {
    if (fastify.hasContentTypeParser(type)) continue;
    fastify.addContentTypeParser(type, { parseAs: 'buffer' }, (request, body, done) => {
      let text: string;
      try {
        text = utf8.decode(body as Buffer);
      } catch {
        done(badRequest('The body is not valid UTF-8.'), undefined);
        return;
      }
      parseJson(request, text, done);
    });
  }
}
