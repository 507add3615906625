import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseAllowList } from './address-policy';
import type { HostResolver, TargetPolicy } from './webhook-target';
import { postWebhook } from './webhook-transport';

/** A local server that counts TCP connections, so "not connected to" is observed, not inferred. */
interface Local {
  port: number;
  connections: number;
  requests: { url: string; headers: IncomingMessage['headers']; body: string }[];
  close(): Promise<void>;
}

async function listen(handler: (req: IncomingMessage, res: ServerResponse) => void = (_, res) => res.writeHead(204).end()): Promise<Local> {
  const local = { connections: 0, requests: [] } as unknown as Local;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      local.requests.push({ url: req.url!, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      handler(req, res);
    });
  });
  server.on('connection', () => local.connections++);
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  local.port = (server.address() as AddressInfo).port;
  local.close = () => new Promise((ok) => { server.closeAllConnections(); server.close(() => ok()); });
  return local;
}

/** Names of this test only; no DNS is asked. */
const names = (records: Record<string, string[]>): HostResolver => async (host) => {
  if (!records[host]) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
  return records[host].map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
};

const REQUEST = { headers: { 'Content-Type': 'application/json', 'X-WDP-Delivery': 'd-1' }, body: '{"event":"alert"}', timeoutMs: 5_000 };
const LOOPBACK_ALLOWED = parseAllowList('127.0.0.1/32');
const STRICT = parseAllowList(undefined);

describe('webhook transport', () => {
  let receiver: Local;
  beforeEach(async () => {
    receiver = await listen();
  });
  afterEach(async () => {
    await receiver.close();
  });

  it('posts to the vetted address a name resolved to (no second resolution behind the check)', async () => {
    const policy: TargetPolicy = { allow: LOOPBACK_ALLOWED, resolve: names({ 'receiver.test': ['127.0.0.1'] }) };
    const outcome = await postWebhook(`http://receiver.test:${receiver.port}/hook?x=1`, REQUEST, policy);
    expect(outcome).toEqual({ statusCode: 204, error: null });
    expect(receiver.requests).toEqual([{ url: '/hook?x=1', headers: expect.objectContaining({ 'x-wdp-delivery': 'd-1', host: `receiver.test:${receiver.port}` }), body: REQUEST.body }]);
  });

  it('refuses, without connecting, a name that now resolves to loopback (DNS rebinding)', async () => {
    const policy: TargetPolicy = { allow: STRICT, resolve: names({ 'hooks.example.org': ['127.0.0.1'] }) };
    const outcome = await postWebhook(`https://hooks.example.org:${receiver.port}/hook`, REQUEST, policy);
    expect(outcome).toEqual({ statusCode: null, error: 'refused_address' });
    const plain = await postWebhook(`http://hooks.example.org:${receiver.port}/hook`, REQUEST, policy);
    expect(plain).toEqual({ statusCode: null, error: 'refused_address' });
    expect(receiver.connections).toBe(0);
  });

  it('refuses a name with one public and one loopback address: the client could use either', async () => {
    const policy: TargetPolicy = { allow: STRICT, resolve: names({ 'split.example.org': ['93.184.215.14', '127.0.0.1'] }) };
    expect(await postWebhook(`https://split.example.org:${receiver.port}/`, REQUEST, policy)).toEqual({ statusCode: null, error: 'refused_address' });
    expect(receiver.connections).toBe(0);
  });

  it('refuses stored URLs that predate the checks: literals, odd spellings, credentials', async () => {
    const policy: TargetPolicy = { allow: STRICT, resolve: names({}) };
    for (const url of [`http://127.0.0.1:${receiver.port}/`, `http://0x7f000001:${receiver.port}/`, `http://2130706433:${receiver.port}/`, `http://[::ffff:127.0.0.1]:${receiver.port}/`]) {
      expect(await postWebhook(url, REQUEST, policy)).toEqual({ statusCode: null, error: 'refused_address' });
    }
    const allowed: TargetPolicy = { allow: LOOPBACK_ALLOWED, resolve: names({}) };
    expect(await postWebhook(`http://user:pass@127.0.0.1:${receiver.port}/`, REQUEST, allowed)).toEqual({ statusCode: null, error: 'refused_url' });
    expect(await postWebhook('http://metadata.google.internal/', REQUEST, allowed)).toEqual({ statusCode: null, error: 'refused_url' });
    expect(receiver.connections).toBe(0);
  });

  it('does not follow a redirect', async () => {
    const target = await listen();
    const redirector = await listen((_, res) => res.writeHead(302, { Location: `http://127.0.0.1:${target.port}/internal` }).end());
    try {
      const policy: TargetPolicy = { allow: LOOPBACK_ALLOWED, resolve: names({}) };
      expect(await postWebhook(`http://127.0.0.1:${redirector.port}/hook`, REQUEST, policy)).toEqual({ statusCode: 302, error: 'redirect_not_followed' });
      expect(target.connections).toBe(0);
    } finally {
      await target.close();
      await redirector.close();
    }
  });

  it('reports failures as categories, never socket error codes', async () => {
    const policy: TargetPolicy = { allow: LOOPBACK_ALLOWED, resolve: names({ 'receiver.test': ['127.0.0.1'] }) };
    const closedPort = await listen();
    const port = closedPort.port;
    await closedPort.close();
    expect(await postWebhook(`http://127.0.0.1:${port}/`, REQUEST, policy)).toEqual({ statusCode: null, error: 'connection_failed' });

    const hangUp = await listen((req) => req.socket.destroy());
    const silent = await listen(() => undefined);
    const unauthorized = await listen((_, res) => res.writeHead(401).end('no'));
    try {
      expect(await postWebhook(`http://127.0.0.1:${hangUp.port}/`, REQUEST, policy)).toEqual({ statusCode: null, error: 'connection_failed' });
      expect(await postWebhook(`http://127.0.0.1:${silent.port}/`, { ...REQUEST, timeoutMs: 200 }, policy)).toEqual({ statusCode: null, error: 'timeout' });
      expect(await postWebhook(`http://127.0.0.1:${unauthorized.port}/`, REQUEST, policy)).toEqual({ statusCode: 401, error: 'HTTP 401' });
      // https to a server that speaks plain http: the handshake fails, through the vetted lookup.
      expect(await postWebhook(`https://receiver.test:${receiver.port}/`, REQUEST, policy)).toEqual({ statusCode: null, error: 'tls_failed' });
    } finally {
      await hangUp.close();
      await silent.close();
      await unauthorized.close();
    }
  });
});
