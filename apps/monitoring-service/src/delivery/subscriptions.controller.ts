import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiProblems, type AuthenticatedRequest } from '@wdp/ingestion';
import { countedPage } from '@wdp/platform';
import { actorOf } from '../auth/actor';
import { SubscriptionAccess } from '../auth/scope-access';
import { PageQueryDto, pagingOf } from '../paging';
import {
  CreatedSubscriptionDto, CreateSubscriptionDto, DeliveryPageDto, DeliveryQueryDto, SecretDto, SubscriptionDto, SubscriptionPageDto, UpdateSubscriptionDto,
} from './subscription.dto';
import type { SubscriptionRow } from './subscription.repository';
import { SubscriptionService } from './subscription.service';

/** Alert subscriptions (webhooks): manage:subscriptions or admin; even listing them shows where alerts go. */
@ApiTags('subscriptions')
@Controller('v1/subscriptions')
export class SubscriptionsController {
  constructor(private readonly subscriptions: SubscriptionService) {}

  @Post()
  @SubscriptionAccess()
  @ApiOperation({ summary: 'Subscribe a webhook to alerts matching a filter; the signing secret is in this response only' })
  @ApiCreatedResponse({ type: CreatedSubscriptionDto })
  @ApiProblems(422)
  async create(@Body() body: CreateSubscriptionDto, @Req() req: AuthenticatedRequest): Promise<CreatedSubscriptionDto> {
    return this.subscriptions.create({ ...body, filter: { ...body.filter } }, actorOf(req.apiKey!));
  }

  @Get()
  @SubscriptionAccess()
  @ApiOperation({ summary: 'All subscriptions (never their secrets)' })
  @ApiOkResponse({ type: SubscriptionPageDto })
  async list(@Query() q: PageQueryDto): Promise<SubscriptionPageDto> {
    const p = pagingOf(q);
    const { items, total } = await this.subscriptions.list(p.limit, p.offset);
    return countedPage(p, total, items);
  }

  @Get(':id')
  @SubscriptionAccess()
  @ApiOperation({ summary: 'One subscription (never its secret)' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: SubscriptionDto })
  @ApiProblems(404)
  async one(@Param('id', new ParseUUIDPipe()) id: string): Promise<SubscriptionRow> {
    return this.subscriptions.one(id);
  }

  @Patch(':id')
  @SubscriptionAccess()
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOperation({ summary: 'Change name, filter, URL or grouping (new events only; queued deliveries keep their target subscription)' })
  @ApiOkResponse({ type: SubscriptionDto })
  @ApiProblems(404, 422)
  async update(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: UpdateSubscriptionDto): Promise<SubscriptionRow> {
    return this.subscriptions.update(id, { name: body.name, url: body.url, filter: body.filter && { ...body.filter }, groupWaitMs: body.groupWaitMs, groupIntervalMs: body.groupIntervalMs });
  }

  @Delete(':id')
  @HttpCode(204)
  @SubscriptionAccess()
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOperation({ summary: 'Delete a subscription with its delivery log and anything still pending' })
  @ApiNoContentResponse()
  @ApiProblems(404)
  async remove(@Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    await this.subscriptions.remove(id);
  }

  @Post(':id/enable')
  @HttpCode(200)
  @SubscriptionAccess()
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOperation({ summary: 'Re-enable a subscription disabled after repeated failures; its pending deliveries go out at once' })
  @ApiOkResponse({ type: SubscriptionDto })
  @ApiProblems(404)
  async enable(@Param('id', new ParseUUIDPipe()) id: string): Promise<SubscriptionRow> {
    return this.subscriptions.enable(id);
  }

  @Post(':id/rotate-secret')
  @HttpCode(200)
  @SubscriptionAccess()
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOperation({ summary: 'Issue a new signing secret (shown once)' })
  @ApiOkResponse({ type: SecretDto })
  @ApiProblems(404)
  async rotate(@Param('id', new ParseUUIDPipe()) id: string): Promise<SecretDto> {
    return { secret: await this.subscriptions.rotateSecret(id) };
  }

  @Get(':id/deliveries')
  @SubscriptionAccess()
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOperation({ summary: 'The delivery log: each alert event sent (or pending) with attempts, last status and error, newest first' })
  @ApiOkResponse({ type: DeliveryPageDto })
  @ApiProblems(404)
  async deliveryLog(@Param('id', new ParseUUIDPipe()) id: string, @Query() q: DeliveryQueryDto): Promise<DeliveryPageDto> {
    await this.subscriptions.one(id);
    const p = pagingOf(q);
    const { items, total } = await this.subscriptions.deliveryLog(id, q.status, p.limit, p.offset);
    return countedPage(p, total, items);
  }
}
