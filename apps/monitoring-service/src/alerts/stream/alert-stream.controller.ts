import { Controller, Get, HttpCode, Inject, Post, Query, Req, Res } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiProperty, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiKeyService, ApiProblems, type AuthenticatedRequest, hasScope } from '@wdp/ingestion';
import { API_KEY_HEADER, problem, ProblemException, SERVICE_CONFIG } from '@wdp/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DataSource } from 'typeorm';
import { MONITORING_READ_SCOPE, ReadAccess } from '../../auth/access.decorators';
import type { MonitoringServiceConfig } from '../../config';
import { AlertStreamHub } from './alert-stream.hub';
import { resumePoint } from './sse-format';
import { StreamTokenRepository } from './stream-token.repository';

class StreamTokenDto {
  @ApiProperty({ example: 'wdpst_4h2…', description: 'Use as ?token= on GET /v1/alerts/stream. Valid for opening streams until expiresAt.' })
  token: string;

  @ApiProperty({ example: '2026-11-29T06:55:00.000Z' })
  expiresAt: string;
}

const WWW_AUTHENTICATE = `ApiKey realm="wdp", header="${API_KEY_HEADER}"`;

@ApiTags('alerts')
@Controller('v1/alerts')
export class AlertStreamController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly hub: AlertStreamHub,
    private readonly tokens: StreamTokenRepository,
    private readonly keys: ApiKeyService,
    @Inject(SERVICE_CONFIG) private readonly config: MonitoringServiceConfig,
  ) {}

  @Post('stream-tokens')
  @HttpCode(201)
  @ReadAccess()
  @ApiOperation({ summary: 'A short-lived token for browsers whose EventSource cannot send the X-API-Key header' })
  @ApiOkResponse({ type: StreamTokenDto })
  issueToken(@Req() req: AuthenticatedRequest): Promise<StreamTokenDto> {
    return this.tokens.issue(this.dataSource.manager, req.apiKey!.id, this.config.STREAM_TOKEN_TTL_SECONDS);
  }

  @Get('stream')
  @ApiOperation({
    summary: 'Live alert stream (server-sent events)',
    description:
      'Each event: `id` = alert-event sequence number, `event: alert`, `data` = the alert as in GET /v1/alerts/{id} plus `transition` (raised, acknowledged, resolved). ' +
      'Send `Last-Event-ID` (EventSource does on reconnect) or `?lastEventId=` to be replayed everything after that id; without either the stream starts live. ' +
      'A comment line is sent every 15 s. Authenticate with the X-API-Key header (read:monitoring) or `?token=` from POST /v1/alerts/stream-tokens; API keys are never accepted in the query string.',
  })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ description: 'The event stream; it stays open until the client closes it.', content: { 'text/event-stream': { schema: { type: 'string' } } } })
  @ApiHeader({ name: 'Last-Event-ID', required: false })
  @ApiQuery({ name: 'lastEventId', required: false, schema: { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER }, description: 'Resume after this event id; anything else is ignored (the stream starts live).' })
  @ApiQuery({ name: 'token', required: false, type: String, description: 'A stream token from POST /v1/alerts/stream-tokens, instead of the X-API-Key header.' })
  @ApiQuery({ name: 'key', required: false, type: String, description: 'Not accepted: an API key in the query string is refused with 400 (it would end up in logs). Send the X-API-Key header or use ?token=.' })
  @ApiProblems(400, 401, 403)
  async stream(@Req() req: FastifyRequest, @Res() reply: FastifyReply, @Query('token') token?: string, @Query('lastEventId') lastEventId?: string, @Query('key') key?: string): Promise<void> {
    if (key !== undefined) throw new ProblemException(problem(400, 'API keys are not accepted in the query string (they end up in logs). Send the X-API-Key header, or get a stream token from POST /v1/alerts/stream-tokens.'));
    await this.authenticate(req, token);
    const resume = resumePoint(req.headers['last-event-id'], lastEventId);
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache, no-transform', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
    raw.write('retry: 3000\n\n');
    const client = await this.hub.add({ write: (chunk) => void raw.write(chunk) }, resume);
    const close = () => this.hub.remove(client);
    req.raw.on('close', close);
    raw.on('error', close);
  }

  private async authenticate(req: FastifyRequest, token: string | undefined): Promise<void> {
    const header = req.headers[API_KEY_HEADER.toLowerCase()];
    const presented = Array.isArray(header) ? header[0] : header;
    if (presented) {
      const auth = await this.keys.authenticate(presented.trim());
      if (auth.outcome !== 'authenticated') throw new ProblemException(problem(401, 'The API key is not valid.'), { 'WWW-Authenticate': WWW_AUTHENTICATE });
      if (!hasScope(auth.principal.scopes, MONITORING_READ_SCOPE)) throw new ProblemException(problem(403, `This key lacks the ${MONITORING_READ_SCOPE} scope needed here.`));
      return;
    }
    if (token && (await this.tokens.valid(this.dataSource.manager, token))) return;
    throw new ProblemException(problem(401, token ? 'The stream token is unknown or expired; get a new one from POST /v1/alerts/stream-tokens.' : `Send an API key in the ${API_KEY_HEADER} header, or ?token= from POST /v1/alerts/stream-tokens.`), { 'WWW-Authenticate': WWW_AUTHENTICATE });
  }
}
