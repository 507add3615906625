import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { addressesRefusal, parseTarget, type TargetPolicy, vetHost } from './webhook-target';

/**
 * What the delivery log shows of a failed attempt: a coarse category, never a socket error code or
 * message (ECONNREFUSED against UND_ERR_SOCKET would tell a subscriber which ports are open).
 * The status code of an answering endpoint is shown: only vetted public (or operator-allowed)
 * addresses are ever connected to.
 */
export type DeliveryError =
  | 'refused_url'
  | 'refused_address'
  | 'connection_failed'
  | 'tls_failed'
  | 'timeout'
  | 'redirect_not_followed'
  | `HTTP ${number}`;

export interface DeliveryOutcome {
  statusCode: number | null;
  error: DeliveryError | null;
}

export interface WebhookRequest {
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
}

class RefusedAddress extends Error {}

class DeliveryTimeout extends Error {}

/**
 * Resolves and vets a host at connect time, and hands the socket only the addresses it vetted: a name
 * that re-resolves to 127.0.0.1 after the subscription was accepted (DNS rebinding) is refused before
 * any connection, and nothing resolves the name a second time behind the check.
 */
function vettedLookup(protocol: string, policy: TargetPolicy): LookupFunction {
  return (hostname, options, callback) => {
    vetHost(hostname, protocol, policy).then(
      (vetted) => {
        if (!Array.isArray(vetted)) return callback(new RefusedAddress(vetted.reason), '', 4);
        const usable = options.family ? vetted.filter((a) => a.family === options.family) : vetted;
        if (usable.length === 0) return callback(new RefusedAddress('no address of the requested family'), '', 4);
        if (options.all) return callback(null, usable);
        return callback(null, usable[0].address, usable[0].family);
      },
      (err: Error) => callback(new RefusedAddress(err.message), '', 4),
    );
  };
}

/** How far the connection got: a failure between TCP connect and the TLS handshake's end is a TLS one. */
type Phase = 'connecting' | 'handshake' | 'open';

function categoryOf(err: NodeJS.ErrnoException, phase: Phase): DeliveryError {
  if (err instanceof RefusedAddress) return 'refused_address';
  if (err instanceof DeliveryTimeout) return 'timeout';
  if (phase === 'handshake') return 'tls_failed';
  return 'connection_failed';
}

function statusError(status: number): DeliveryError | null {
  if (status >= 200 && status < 300) return null;
  // node:http never follows a redirect; a 3xx is a failure so a vetted host cannot bounce us elsewhere.
  if (status >= 300 && status < 400) return 'redirect_not_followed';
  return `HTTP ${status}`;
}

/** One POST to a webhook target, to vetted addresses only, without following redirects. */
export async function postWebhook(rawUrl: string, request: WebhookRequest, policy: TargetPolicy): Promise<DeliveryOutcome> {
  // URLs stored before these checks existed are vetted here too.
  const target = parseTarget(rawUrl);
  if (!target.ok) return { statusCode: null, error: 'refused_url' };
  // The socket looks nothing up for an IP literal, so the lookup hook would not see it.
  if (target.literal && addressesRefusal([target.host], target.url.protocol, policy)) return { statusCode: null, error: 'refused_address' };
  const secure = target.url.protocol === 'https:';
  const client = secure ? https : http;
  return new Promise<DeliveryOutcome>((resolve) => {
    let settled = false;
    let phase: Phase = 'connecting';
    const settle = (outcome: DeliveryOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    const req = client.request(
      target.url,
      {
        method: 'POST',
        headers: { ...request.headers, 'Content-Length': String(Buffer.byteLength(request.body)) },
        // A fresh connection each time: a pooled socket would skip the lookup, and with it the vetting.
        agent: false,
        lookup: vettedLookup(target.url.protocol, policy),
      },
      (res) => {
        const status = res.statusCode ?? 0;
        res.destroy();
        settle({ statusCode: status, error: statusError(status) });
      },
    );
    const timer = setTimeout(() => req.destroy(new DeliveryTimeout('timeout')), request.timeoutMs);
    req.on('socket', (socket) => {
      socket.once('connect', () => (phase = secure ? 'handshake' : 'open'));
      socket.once('secureConnect', () => (phase = 'open'));
    });
    req.on('error', (err) => settle({ statusCode: null, error: categoryOf(err, phase) }));
    req.end(request.body);
  });
}
