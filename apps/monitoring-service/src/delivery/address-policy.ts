import ipaddr from 'ipaddr.js';

type Address = ipaddr.IPv4 | ipaddr.IPv6;

/** A network the operator lets webhooks reach although it is not public (WEBHOOK_ALLOW_PRIVATE_CIDRS). */
export type AllowedNetwork = [Address, number];

/** Parses `127.0.0.1/32,::1/128` (validated by the config class: isAllowList); an empty or absent list allows nothing beyond public addresses. */
export function parseAllowList(raw: string | undefined): AllowedNetwork[] {
  if (!raw?.trim()) return [];
  return raw.split(',').map((entry) => ipaddr.parseCIDR(entry.trim()));
}

/** IPv6 global unicast (2000::/3): outside it, nothing on the internet answers. */
const GLOBAL_UNICAST = ipaddr.IPv6.parseCIDR('2000::/3');

/**
 * Why a webhook may not be sent to this address, or null when it may: public unicast only. ipaddr.js
 * classifies the special-purpose ranges (loopback, private, link-local, CGNAT, multicast, documentation,
 * benchmarking, 0/8, 240/4, unique-local, 6to4, Teredo, NAT64 …); anything it does not call `unicast` is
 * refused, as is IPv6 outside 2000::/3 (IPv4-compatible `::7f00:1` is `unicast` to ipaddr.js). An
 * IPv4-mapped address is judged as the IPv4 address it carries.
 */
export function addressRefusal(address: string, allow: readonly AllowedNetwork[]): string | null {
  if (!ipaddr.isValid(address)) return 'not an IP address';
  let ip: Address = ipaddr.parse(address);
  if (ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).isIPv4MappedAddress()) ip = (ip as ipaddr.IPv6).toIPv4Address();
  if (isAllowed(ip, allow)) return null;
  const range = ip.range();
  if (range !== 'unicast') return range;
  if (ip.kind() === 'ipv6' && !(ip as ipaddr.IPv6).match(GLOBAL_UNICAST)) return 'reserved';
  return null;
}

/** Whether the address is inside a network the operator allowed (plain http is allowed only there). */
export function isAllowed(address: string | Address, allow: readonly AllowedNetwork[]): boolean {
  let ip = typeof address === 'string' ? ipaddr.parse(address) : address;
  if (ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).isIPv4MappedAddress()) ip = (ip as ipaddr.IPv6).toIPv4Address();
  return allow.some(([network, bits]) => network.kind() === ip.kind() && ip.match(network, bits));
}
