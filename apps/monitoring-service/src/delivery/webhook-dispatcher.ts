import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { backoffDelay, EQUAL_JITTER, inLinkedSpan, TRACEPARENT_HEADER, traceparentOf } from '@wdp/messaging';
import { SERVICE_CONFIG } from '@wdp/platform';
import { DataSource } from 'typeorm';
import type { MonitoringServiceConfig } from '../config';
import { SubscriptionRepository } from './subscription.repository';
import type { SecretBox } from './secret-box';
import { SECRET_BOX } from './secret-key';
import { type ClaimedDelivery, WebhookDeliveryRepository } from './webhook-delivery.repository';
import { dueGroups } from './delivery-groups';
import { webhookPayload } from './webhook-payload';
import { WebhookTargets } from './webhook-targets';
import { DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, signatureHeader } from './webhook-signature';

const CLAIM_LIMIT = 100;
/** A backlog larger than this (a receiver down for long) goes out in several deliveries. */
const MAX_CHANGES_PER_DELIVERY = 500;

/**
 * Posts pending webhook deliveries: at least once, in order per subscription, with exponential backoff
 * between attempts. Alert changes are grouped per subscription (group wait, group interval; see
 * delivery-groups): one POST carries every change of its window. The queue is the `webhook_delivery` table, so a restart resumes where it stopped;
 * a delivery is leased while it is being posted, and a crash mid-post only means it is sent again
 * (receivers dedupe on the delivery id). After WEBHOOK_DISABLE_AFTER_FAILURES failures in a row the
 * subscription is disabled; its pending deliveries wait for a re-enable. Each POST goes through
 * WebhookTargets: to vetted addresses only, no redirects, failures logged as coarse categories.
 */
@Injectable()
export class WebhookDispatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WebhookDispatcher.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopping = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly deliveries: WebhookDeliveryRepository,
    private readonly subscriptions: SubscriptionRepository,
    @Inject(SECRET_BOX) private readonly box: SecretBox,
    @Inject(SERVICE_CONFIG) private readonly config: MonitoringServiceConfig,
    private readonly targets: WebhookTargets,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.tick(), this.config.ALERT_DELIVERY_POLL_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** Sends everything due now, round after round, until nothing is due. Returns the attempts made. */
  async drain(): Promise<number> {
    let attempts = 0;
    while (!this.stopping) {
      await this.sealDueGroups();
      const claimed = await this.deliveries.claimHeads(this.dataSource.manager, this.config.WEBHOOK_TIMEOUT_MS * 3, CLAIM_LIMIT);
      if (claimed.length === 0) break;
      await Promise.all(claimed.map((d) => this.attempt(d)));
      attempts += claimed.length;
    }
    return attempts;
  }

  /** Seals into one delivery the waiting changes of every subscription whose group wait or interval is over. */
  private async sealDueGroups(): Promise<void> {
    const defaults = { groupWaitMs: this.config.WEBHOOK_GROUP_WAIT_MS, groupIntervalMs: this.config.WEBHOOK_GROUP_INTERVAL_MS };
    const due = dueGroups(await this.deliveries.groupCandidates(this.dataSource.manager, defaults), new Date());
    if (due.length > 0) await this.dataSource.transaction((manager) => this.deliveries.sealGroups(manager, due, MAX_CHANGES_PER_DELIVERY));
  }

  private tick(): void {
    if (this.running) return;
    this.running = this.drain()
      .then(() => undefined)
      .catch((err) => this.logger.error(`webhook dispatch failed: ${(err as Error).message}`))
      .finally(() => {
        this.running = null;
      });
  }

  private async attempt(d: ClaimedDelivery): Promise<void> {
    const body = JSON.stringify(webhookPayload(d));
    const started = new Date();
    let statusCode: number | null = null;
    let error: string | null = null;
    // A client span per attempt, a child of the first change's alert decision and linked to the others'; its
    // context goes out as the W3C traceparent header, so the receiver can join the trace. Ids and counts only.
    const attributes = { 'wdp.webhook.delivery_id': d.id, 'wdp.webhook.subscription_id': d.subscriptionId, 'wdp.webhook.changes': d.changes.length, 'wdp.webhook.attempt': d.attempts + 1 };
    await inLinkedSpan('webhook delivery', { kind: SpanKind.CLIENT, attributes }, d.changes.map((c) => c.traceparent), async (span) => {
      const traceparent = traceparentOf(span);
      try {
        const secret = this.box.open(d.secretCiphertext);
        ({ statusCode, error } = await this.targets.post(d.url, {
          headers: {
            'Content-Type': 'application/json',
            'User-Agent': 'wdp-monitoring-webhooks/1',
            [SIGNATURE_HEADER]: signatureHeader(secret, Math.floor(Date.now() / 1000), body),
            [DELIVERY_HEADER]: d.id,
            [EVENT_HEADER]: 'alerts',
            ...(traceparent ? { [TRACEPARENT_HEADER]: traceparent } : {}),
          },
          body,
          timeoutMs: this.config.WEBHOOK_TIMEOUT_MS,
        }));
      } catch (err) {
        // Not the transport (it reports by category): the secret would not open. Detail for the operator only.
        this.logger.error(`webhook delivery ${d.id} of subscription ${d.subscriptionId} not sent: ${(err as Error).message}`);
        error = 'internal_error';
      }
      if (statusCode !== null) span.setAttribute('http.response.status_code', statusCode);
      if (error !== null) span.setStatus({ code: SpanStatusCode.ERROR, message: error });
    });
    const at = new Date();
    await this.dataSource.transaction(async (manager) => {
      await this.deliveries.addAttempt(manager, { deliveryId: d.headId, subscriptionId: d.subscriptionId, at, statusCode, error, durationMs: at.getTime() - started.getTime() });
      if (error === null) {
        await this.deliveries.markDelivered(manager, d.id, statusCode!, at);
        await this.subscriptions.recordOutcome(manager, d.subscriptionId, true, this.config.WEBHOOK_DISABLE_AFTER_FAILURES, null);
        return;
      }
      const delay = backoffDelay(d.attempts + 1, { baseMs: this.config.WEBHOOK_BACKOFF_BASE_MS, maxMs: this.config.WEBHOOK_BACKOFF_MAX_MS, jitter: EQUAL_JITTER });
      await this.deliveries.markFailed(manager, d.id, statusCode, error, at, new Date(at.getTime() + delay));
      const { disabled } = await this.subscriptions.recordOutcome(
        manager,
        d.subscriptionId,
        false,
        this.config.WEBHOOK_DISABLE_AFTER_FAILURES,
        `${this.config.WEBHOOK_DISABLE_AFTER_FAILURES} failed deliveries in a row; last: ${error}`,
      );
      if (disabled) this.logger.warn(`subscription ${d.subscriptionId} disabled after ${this.config.WEBHOOK_DISABLE_AFTER_FAILURES} failures in a row`);
    });
  }
}
