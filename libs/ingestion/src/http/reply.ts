import type { FastifyReply } from 'fastify';
import { IDEMPOTENT_REPLAY_HEADER } from '../idempotency/idempotency-key';
import type { WriteResponse } from '../idempotency/idempotent-writer';

/** Sends a write's outcome with its own status code (201 created, 200 no-op or dry run, or the replayed one). */
export function sendWrite(reply: FastifyReply, response: WriteResponse): void {
  if (response.replayed) reply.header(IDEMPOTENT_REPLAY_HEADER, 'true');
  void reply.status(response.status).send(response.body);
}
