import { lookup } from 'node:dns/promises';
import { Inject, Injectable } from '@nestjs/common';
import { SERVICE_CONFIG } from '@wdp/platform';
import type { MonitoringServiceConfig } from '../config';
import { type AllowedNetwork, parseAllowList } from './address-policy';
import type { HostResolver, Refused, Vetted } from './webhook-target';
import { vetTarget } from './webhook-target';
import { type DeliveryOutcome, postWebhook, type WebhookRequest } from './webhook-transport';

const RESOLVE_TIMEOUT_MS = 5_000;

/** The system resolver, bounded: getaddrinfo has no timeout of its own and would hold a request open. */
const systemResolver: HostResolver = (hostname) =>
  Promise.race([
    lookup(hostname, { all: true, verbatim: true }),
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error('DNS timeout')), RESOLVE_TIMEOUT_MS).unref()),
  ]);

/**
 * Where webhooks may go (server-side request forgery): vets a URL when a subscription sets it, and
 * posts deliveries to vetted addresses only. WEBHOOK_ALLOW_PRIVATE_CIDRS opens non-public networks.
 */
@Injectable()
export class WebhookTargets {
  readonly allow: readonly AllowedNetwork[];
  /** Name resolution; a test replaces it (the test network has no DNS, and rebinding must be staged). */
  resolve: HostResolver = systemResolver;

  constructor(@Inject(SERVICE_CONFIG) config: MonitoringServiceConfig) {
    this.allow = parseAllowList(config.WEBHOOK_ALLOW_PRIVATE_CIDRS);
  }

  vet(url: string): Promise<Vetted | Refused> {
    return vetTarget(url, this.policy());
  }

  post(url: string, request: WebhookRequest): Promise<DeliveryOutcome> {
    return postWebhook(url, request, this.policy());
  }

  private policy() {
    return { allow: this.allow, resolve: (host: string) => this.resolve(host) };
  }
}
