import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { problem, ProblemException } from '@wdp/platform';
import { DataSource } from 'typeorm';
import type { SubscriptionFilter } from './subscription-filter';
import { type SubscriptionRow, SubscriptionRepository } from './subscription.repository';
import { newSigningSecret, type SecretBox } from './secret-box';
import { SECRET_BOX } from './secret-key';
import { WebhookDeliveryRepository } from './webhook-delivery.repository';
import { WebhookTargets } from './webhook-targets';

/** A subscription's settings as a caller gives them. */
export interface SubscriptionSettings {
  name?: string;
  filter?: SubscriptionFilter;
  url?: string;
  groupWaitMs?: number;
  groupIntervalMs?: number;
}

/**
 * Webhook subscriptions: their URLs vetted before they are stored, their signing secrets issued once and
 * stored sealed (SecretBox), never read back here; re-enabling one makes its pending deliveries due.
 */
@Injectable()
export class SubscriptionService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly subscriptions: SubscriptionRepository,
    private readonly deliveries: WebhookDeliveryRepository,
    @Inject(SECRET_BOX) private readonly box: SecretBox,
    private readonly targets: WebhookTargets,
  ) {}

  /** Stores a new subscription; the signing secret is returned this once. */
  async create(s: Required<Pick<SubscriptionSettings, 'name' | 'filter' | 'url'>> & SubscriptionSettings, createdBy: string): Promise<SubscriptionRow & { secret: string }> {
    const url = await this.vettedUrl(s.url);
    const secret = newSigningSecret();
    const row = await this.subscriptions.insert(this.dataSource.manager, {
      id: randomUUID(), name: s.name, createdBy, filter: s.filter, url, secretCiphertext: this.box.seal(secret),
      groupWaitMs: s.groupWaitMs, groupIntervalMs: s.groupIntervalMs,
    });
    return { ...row, secret };
  }

  list(limit: number, offset: number): Promise<{ items: SubscriptionRow[]; total: number }> {
    return this.subscriptions.list(this.dataSource.manager, limit, offset);
  }

  async one(id: string): Promise<SubscriptionRow> {
    return found(await this.subscriptions.byId(this.dataSource.manager, id), id);
  }

  async update(id: string, s: SubscriptionSettings): Promise<SubscriptionRow> {
    const url = s.url === undefined ? undefined : await this.vettedUrl(s.url);
    return found(await this.subscriptions.update(this.dataSource.manager, id, { name: s.name, url, filter: s.filter, groupWaitMs: s.groupWaitMs, groupIntervalMs: s.groupIntervalMs }), id);
  }

  async remove(id: string): Promise<void> {
    if (!(await this.subscriptions.delete(this.dataSource.manager, id))) found(undefined, id);
  }

  enable(id: string): Promise<SubscriptionRow> {
    return this.dataSource.transaction(async (manager) => {
      const row = found(await this.subscriptions.enable(manager, id), id);
      await this.deliveries.makeDue(manager, id);
      return row;
    });
  }

  /** A new signing secret, returned this once; the old one stops working at once. */
  async rotateSecret(id: string): Promise<string> {
    const secret = newSigningSecret();
    found(await this.subscriptions.update(this.dataSource.manager, id, { secretCiphertext: this.box.seal(secret) }), id);
    return secret;
  }

  /** The subscription's delivery log, newest first (the caller has checked that it exists). */
  deliveryLog(id: string, status: string | undefined, limit: number, offset: number) {
    return this.deliveries.log(this.dataSource.manager, id, status, limit, offset);
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
