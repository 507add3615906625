import type { FastifyReply } from 'fastify';
import type { AuthenticatedRequest } from '../auth/api-key.guard';
import { IDEMPOTENT_REPLAY_HEADER } from '../idempotency/idempotency-key';
import type { WriteResponse } from '../idempotency/idempotent-writer';
import type { WriteOptions } from '../stored/stored-item.service';

/** What a write route hands its service: who writes, the Idempotency-Key and the route it fingerprints. */
export function writeOptions(req: AuthenticatedRequest, idempotencyKey: string | undefined, route: string): WriteOptions {
  return { principal: req.apiKey!, idempotencyKey, route };
}

/** Sends a write's outcome with its own status code (201 created, 200 no-op or dry run, or the replayed one). */
export function sendWrite(reply: FastifyReply, response: WriteResponse): void {
  if (response.replayed) reply.header(IDEMPOTENT_REPLAY_HEADER, 'true');
  void reply.status(response.status).send(response.body);
}
