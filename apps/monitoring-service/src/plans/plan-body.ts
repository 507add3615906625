import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { parsePlanText } from '@wdp/plans';
import { findNulCharacters, ProblemException } from '@wdp/platform';
import type { FastifyInstance } from 'fastify';
import { invalidPlan } from './plan-problem';

/** The media types a plan document may be posted in besides JSON. */
export const YAML_MEDIA_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml'] as const;

/**
 * Lets Fastify hand a YAML body to the plan routes as text (its body limit still applies); other routes take no
 * YAML, since their handlers expect objects the validation pipe checks. Bytes that are not UTF-8 are a 400, as for JSON.
 */
@Injectable()
export class PlanBodyParsers implements OnModuleInit {
  constructor(@Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance?.() as FastifyInstance | undefined;
    if (!fastify?.addContentTypeParser) return;
    const utf8 = new TextDecoder('utf-8', { fatal: true });
    for (const type of YAML_MEDIA_TYPES) {
      if (fastify.hasContentTypeParser(type)) continue;
      fastify.addContentTypeParser(type, { parseAs: 'buffer' }, (_request, body, done) => {
        try {
          done(null, new YamlText(utf8.decode(body as Buffer)));
        } catch {
          done(Object.assign(new Error('The body is not valid UTF-8.'), { statusCode: 400 }), undefined);
        }
      });
    }
  }
}

/** A YAML body, kept apart from a JSON body that happens to be a string. */
export class YamlText {
  constructor(readonly text: string) {}
}

/**
 * The document a request carries: a JSON body as parsed (the request screen has checked it), a YAML body read
 * (422 naming the line when it is not YAML) and screened as a JSON body is, since PostgreSQL cannot store U+0000.
 */
export function planBody(body: unknown): unknown {
  if (!(body instanceof YamlText)) return body;
  const parsed = parsePlanText(body.text, 'yaml');
  if (!parsed.ok) throw invalidPlan(parsed.problems);
  const nul = findNulCharacters(parsed.doc);
  if (nul.length) throw ProblemException.validation(nul);
  return parsed.doc;
}
