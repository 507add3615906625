import { isIP } from 'node:net';
import { addressRefusal, type AllowedNetwork, isAllowed } from './address-policy';

export interface ResolvedAddress {
  address: string;
  family: number;
}

/** Every address a host name resolves to (dns.lookup with `all`); injected so tests need no DNS. */
export type HostResolver = (hostname: string) => Promise<ResolvedAddress[]>;

export interface TargetPolicy {
  allow: readonly AllowedNetwork[];
  resolve: HostResolver;
}

/** Why a target is refused, in the coarse terms the delivery log shows. */
export type RefusalCategory = 'refused_url' | 'refused_address';

export type Vetted = { ok: true; url: URL; host: string; literal: boolean };
export type Refused = { ok: false; category: RefusalCategory; reason: string };

/**
 * Names of cloud metadata services, refused by name whatever they resolve to (and whatever the allow-list
 * says): their addresses (169.254.169.254, Alibaba Cloud's 100.100.100.200 …) are refused anyway.
 */
const METADATA_HOSTS = new Set(['metadata', 'metadata.google.internal', 'metadata.goog', 'instance-data', 'instance-data.ec2.internal', 'metadata.tencentyun.com']);

export const MAX_URL_LENGTH = 2000;

const refuseUrl = (reason: string): Refused => ({ ok: false, category: 'refused_url', reason });

/**
 * The shape of a webhook URL, before any resolution. WHATWG parsing is what the HTTP client uses, so
 * the odd IPv4 spellings (`0x7f000001`, `2130706433`, `017700000001`, `127.1`) come out as the dotted
 * address they mean, and IPv6 literals in their compressed form.
 */
export function parseTarget(raw: string): Vetted | Refused {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return refuseUrl('must be an absolute http or https URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return refuseUrl('must be an http or https URL');
  if (url.username || url.password) return refuseUrl('must not contain credentials (user:password@)');
  if (url.hash) return refuseUrl('must not contain a fragment');
  if (url.href.length > MAX_URL_LENGTH) return refuseUrl(`must be at most ${MAX_URL_LENGTH} characters`);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');
  if (!host) return refuseUrl('must name a host');
  if (METADATA_HOSTS.has(host)) return refuseUrl('must not be a cloud metadata service');
  return { ok: true, url, host, literal: isIP(host) !== 0 };
}

/**
 * Whether a request may go to these addresses (all of them, since the client may use any): each public,
 * or inside the operator's allow-list; plain http only when every one is allow-listed, since an alert on
 * the public internet goes encrypted.
 */
export function addressesRefusal(addresses: readonly string[], protocol: string, policy: Pick<TargetPolicy, 'allow'>): string | null {
  if (addresses.length === 0) return 'resolves to no address';
  for (const address of addresses) {
    const range = addressRefusal(address, policy.allow);
    if (range) return `${address} is not a public address (${range})`;
  }
  if (protocol === 'http:' && !addresses.every((a) => isAllowed(a, policy.allow))) {
    return 'must be https (plain http only to networks in WEBHOOK_ALLOW_PRIVATE_CIDRS)';
  }
  return null;
}

/**
 * Why a host name's answer does not do. Deliberately one reason for "does not resolve" and "resolves to
 * a private address": two would tell a caller which internal names exist.
 */
export const UNRESOLVED_REASON = 'must resolve, and only to public addresses';

/** Resolves a host name and vets every address it gives; the addresses to connect to, or why not. */
export async function vetHost(host: string, protocol: string, policy: TargetPolicy): Promise<ResolvedAddress[] | Refused> {
  let addresses: ResolvedAddress[];
  try {
    addresses = await policy.resolve(host);
  } catch {
    return { ok: false, category: 'refused_address', reason: UNRESOLVED_REASON };
  }
  const refusal = addressesRefusal(addresses.map((a) => a.address), protocol, policy);
  if (refusal === null) return addresses;
  // Plain http to a public host is a property of the URL, not an internal-name oracle: say so.
  const plainHttp = addresses.every((a) => addressRefusal(a.address, policy.allow) === null);
  return { ok: false, category: 'refused_address', reason: plainHttp ? refusal : UNRESOLVED_REASON };
}

/** The whole check made when a subscription's URL is set: shape, then every address it reaches. */
export async function vetTarget(raw: string, policy: TargetPolicy): Promise<Vetted | Refused> {
  const target = parseTarget(raw);
  if (!target.ok) return target;
  if (target.literal) {
    const refusal = addressesRefusal([target.host], target.url.protocol, policy);
    return refusal ? { ok: false, category: 'refused_address', reason: refusal } : target;
  }
  const vetted = await vetHost(target.host, target.url.protocol, policy);
  return Array.isArray(vetted) ? target : vetted;
}
