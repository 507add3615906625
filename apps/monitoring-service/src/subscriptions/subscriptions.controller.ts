import { randomUUID } from 'node:crypto';
import { Body, Controller, Delete, Get, HttpCode, Inject, Param, ParseUUIDPipe, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiProblems, type AuthenticatedRequest } from '@wdp/ingestion';
import { countedPage, problem, ProblemException } from '@wdp/platform';
import { DataSource } from 'typeorm';
import { SubscriptionAccess } from '../auth/scope-access';

import { PageQueryDto, pagingOf } from '../query/dto/page.dto';
import type { SecretBox } from '../webhooks/secret-box';
import { newSigningSecret } from '../webhooks/secret-box';
import { SECRET_BOX } from '../webhooks/secret-key';
import { WebhookDeliveryRepository } from '../webhooks/webhook-delivery.repository';
import { WebhookTargets } from '../webhooks/webhook-targets';
import {
  CreatedSubscriptionDto, CreateSubscriptionDto, DeliveryPageDto, DeliveryQueryDto, SecretDto, SubscriptionDto, SubscriptionPageDto, UpdateSubscriptionDto,
} from './subscription.dto';
import { type SubscriptionRow, SubscriptionRepository } from './subscription.repository';
import { actorOf } from '../auth/actor';

/** Alert subscriptions (webhooks): manage:subscriptions or admin; even listing them shows where alerts go. */
@ApiTags('subscriptions')
@Controller('v1/subscriptions')
export class SubscriptionsController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly subscriptions: SubscriptionRepository,
    private readonly deliveries: WebhookDeliveryRepository,
    @Inject(SECRET_BOX) private readonly box: SecretBox,
    private readonly targets: WebhookTargets,
  ) {}

  @Post()
  @SubscriptionAccess()
  @ApiOperation({ summary: 'Subscribe a webhook to alerts matching a filter; the signing secret is in this response only' })
  @ApiCreatedResponse({ type: CreatedSubscriptionDto })
  @ApiProblems(422)
  async create(@Body() body: CreateSubscriptionDto, @Req() req: AuthenticatedRequest): Promise<CreatedSubscriptionDto> {
    const url = await this.vettedUrl(body.url);
    const secret = newSigningSecret();
    const row = await this.subscriptions.insert(this.dataSource.manager, {
      id: randomUUID(), name: body.name, createdBy: actorOf(req.apiKey!), filter: { ...body.filter }, url, secretCiphertext: this.box.seal(secret),
      groupWaitMs: body.groupWaitMs, groupIntervalMs: body.groupIntervalMs,
    });
    return { ...row, secret };
  }

  @Get()
  @SubscriptionAccess()
  @ApiOperation({ summary: 'All subscriptions (never their secrets)' })
  @ApiOkResponse({ type: SubscriptionPageDto })
  async list(@Query() q: PageQueryDto): Promise<SubscriptionPageDto> {
    const p = pagingOf(q);
    const { items, total } = await this.subscriptions.list(this.dataSource.manager, p.limit, p.offset);
    return countedPage(p, total, items);
  }

  @Get(':id')
  @SubscriptionAccess()
  @ApiOperation({ summary: 'One subscription (never its secret)' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: SubscriptionDto })
  @ApiProblems(404)
  async one(@Param('id', new ParseUUIDPipe()) id: string): Promise<SubscriptionRow> {
    return found(await this.subscriptions.byId(this.dataSource.manager, id), id);
  }

  @Patch(':id')
  @SubscriptionAccess()
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOperation({ summary: 'Change name, filter, URL or grouping (new events only; queued deliveries keep their target subscription)' })
  @ApiOkResponse({ type: SubscriptionDto })
  @ApiProblems(404, 422)
  async update(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: UpdateSubscriptionDto): Promise<SubscriptionRow> {
    const url = body.url === undefined ? undefined : await this.vettedUrl(body.url);
    return found(await this.subscriptions.update(this.dataSource.manager, id, { name: body.name, url, filter: body.filter && { ...body.filter }, groupWaitMs: body.groupWaitMs, groupIntervalMs: body.groupIntervalMs }), id);
  }

  @Delete(':id')
  @HttpCode(204)
  @SubscriptionAccess()
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOperation({ summary: 'Delete a subscription with its delivery log and anything still pending' })
  @ApiNoContentResponse()
  @ApiProblems(404)
  async remove(@Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    if (!(await this.subscriptions.delete(this.dataSource.manager, id))) found(undefined, id);
  }

  @Post(':id/enable')
  @HttpCode(200)
  @SubscriptionAccess()
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOperation({ summary: 'Re-enable a subscription disabled after repeated failures; its pending deliveries go out at once' })
  @ApiOkResponse({ type: SubscriptionDto })
  @ApiProblems(404)
  async enable(@Param('id', new ParseUUIDPipe()) id: string): Promise<SubscriptionRow> {
    return this.dataSource.transaction(async (manager) => {
      const row = found(await this.subscriptions.enable(manager, id), id);
      await this.deliveries.makeDue(manager, id);
      return row;
    });
  }

  @Post(':id/rotate-secret')
  @HttpCode(200)
  @SubscriptionAccess()
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOperation({ summary: 'Issue a new signing secret (shown once)' })
  @ApiOkResponse({ type: SecretDto })
  @ApiProblems(404)
  async rotate(@Param('id', new ParseUUIDPipe()) id: string): Promise<SecretDto> {
    const secret = newSigningSecret();
    found(await this.subscriptions.update(this.dataSource.manager, id, { secretCiphertext: this.box.seal(secret) }), id);
    return { secret };
  }

  @Get(':id/deliveries')
  @SubscriptionAccess()
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOperation({ summary: 'The delivery log: each alert event sent (or pending) with attempts, last status and error, newest first' })
  @ApiOkResponse({ type: DeliveryPageDto })
  @ApiProblems(404)
  async deliveryLog(@Param('id', new ParseUUIDPipe()) id: string, @Query() q: DeliveryQueryDto): Promise<DeliveryPageDto> {
    found(await this.subscriptions.byId(this.dataSource.manager, id), id);
    const p = pagingOf(q);
    const { items, total } = await this.deliveries.log(this.dataSource.manager, id, q.status, p.limit, p.offset);
    return countedPage(p, total, items);
  }

  /** The URL as it will be requested (WHATWG-normalised), once its host is vetted; else 422 naming `url`. */
  private async vettedUrl(raw: string): Promise<string> {
    const vetted = await this.targets.vet(raw);
    if (!vetted.ok) throw new ProblemException(problem(422, `The webhook URL is refused: ${vetted.reason}.`, { errors: [{ field: 'url', reason: vetted.reason }] }));
    return vetted.url.href;
  }
}

function found<T>(row: T | undefined, id: string): T {
  if (!row) throw new ProblemException(problem(404, `No subscription with id ${id}.`));
  return row;
}
