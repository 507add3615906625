import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiHeader, ApiProperty, ApiPropertyOptional, ApiResponse, ApiSecurity, getSchemaPath } from '@nestjs/swagger';
import { API_KEY_SCHEME, problem, PROBLEM_CONTENT_TYPE, type ProblemDetails } from '@wdp/platform';
import { IDEMPOTENCY_KEY_HEADER } from '../idempotency/idempotency-key';

export class FieldErrorDto {
  @ApiProperty({ example: 'items[3].sex', description: 'JSON path of the offending field.' })
  field: string;

  @ApiPropertyOptional({ example: 3, description: 'Zero-based row of the batch, when the field is inside one.' })
  row?: number;

  @ApiProperty({ example: 'must be one of the following values: F, M' })
  reason: string;
}

/** RFC 9457 problem details, the one error shape of every service. */
export class ProblemDetailsDto {
  @ApiProperty({ example: 'https://wdp.yunyan.gov.cn/problems/validation-failed' })
  type: string;

  @ApiProperty({ example: 'Validation failed' })
  title: string;

  @ApiProperty({ example: 422 })
  status: number;

  @ApiPropertyOptional({ example: 'The request has invalid fields; nothing was written.' })
  detail?: string;

  @ApiPropertyOptional({ example: '/v1/records/live-birth' })
  instance?: string;

  @ApiPropertyOptional({ type: [FieldErrorDto], description: 'Every invalid field, with its row in a batch.' })
  errors?: FieldErrorDto[];
}

const EXAMPLES: Record<number, [string, ProblemDetails]> = {
  400: ['Malformed request (e.g. body is not JSON)', problem(400, 'Body is not valid JSON')],
  401: ['Missing, unknown or revoked API key', problem(401, 'Send a department API key in the X-API-Key header.')],
  403: ['Key of another department, or without the needed scope', problem(403, 'This key lacks the write:health scope needed here.')],
  404: ['No such resource for this department', problem(404, 'No live-birth record with id 0b8a2c1e-5d3f-4c55-9a53-0c2f7e1b9d11.')],
  409: [
    'Natural key already holds different content, or Idempotency-Key reused with a different body',
    problem(409, 'A record with this reference already exists with different content; revise it with PUT /v1/records/live-birth/{id}.', {
      errors: [{ field: 'items[0].reference', row: 0, reason: 'already exists as 0b8a2c1e-5d3f-4c55-9a53-0c2f7e1b9d11 with different content' }],
    }),
  ],
  413: ['Body or batch too large', problem(413, 'A batch holds at most 20000 items.')],
  422: [
    'Invalid fields; every bad field of every row is listed and nothing was written',
    problem(422, 'The request has invalid fields; nothing was written.', {
      errors: [
        { field: 'items[3].sex', row: 3, reason: 'must be one of the following values: F, M' },
        { field: 'items[7].subjectRef', row: 7, reason: 'looks like a resident ID number (GB 11643); personal identifiers must not be sent, use a pseudonymous reference' },
      ],
    }),
  ],
  503: ['Database unavailable; retry after the Retry-After seconds', problem(503, 'The database is unavailable or overloaded; nothing was written. Retry later.')],
};

/** Documents problem-details responses (application/problem+json) with an example each. */
export function ApiProblems(...statuses: number[]) {
  return applyDecorators(
    ApiExtraModels(ProblemDetailsDto, FieldErrorDto),
    ...statuses.map((status) => {
      const [description, example] = EXAMPLES[status] ?? ['Error', problem(status)];
      return ApiResponse({
        status,
        description,
        ...(status === 401 ? { headers: { 'WWW-Authenticate': { description: 'ApiKey realm="wdp", header="X-API-Key"', schema: { type: 'string' } } } } : {}),
        ...(status === 503 ? { headers: { 'Retry-After': { description: 'Seconds to wait before retrying', schema: { type: 'integer' } } } } : {}),
        content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: getSchemaPath(ProblemDetailsDto) }, example } },
      });
    }),
  );
}

/** Security requirement plus the 401/403 it brings. */
export function ApiKeyProtected() {
  return applyDecorators(ApiSecurity(API_KEY_SCHEME), ApiProblems(401, 403));
}

export function ApiIdempotencyKey() {
  return ApiHeader({
    name: IDEMPOTENCY_KEY_HEADER,
    required: false,
    description:
      'Makes the write safely retryable: a repeat with the same key and body returns the stored response (header Idempotent-Replayed: true); the same key with a different body gets 409. Keys are per API key and remembered for 48 hours.',
    schema: { type: 'string', example: '5f0c1b1e-8f7a-4a51-9d58-3f7c7c0a6b2d' },
  });
}
