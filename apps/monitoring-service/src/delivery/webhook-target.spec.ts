import { isAllowList } from '../config';
import { addressRefusal, parseAllowList } from './address-policy';
import { type HostResolver, type ResolvedAddress, UNRESOLVED_REASON, vetTarget } from './webhook-target';

const PUBLIC_V4 = '93.184.215.14';
const PUBLIC_V6 = '2606:2800:21f:cb07:6820:80da:af6b:8b2c';

/** A fixed zone instead of DNS (the test network has none). Unknown names do not resolve. */
function zone(records: Record<string, string[]>): HostResolver {
  return async (host) => {
    const addresses = records[host];
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return addresses.map((address): ResolvedAddress => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
}

const resolve = zone({
  'hooks.example.org': [PUBLIC_V4, PUBLIC_V6],
  'example.com': [PUBLIC_V4],
  'metadata.google.internal': [PUBLIC_V4], // even if it resolved somewhere public, the name is refused
  'internal.example.org': ['10.0.0.7'],
  'mixed.example.org': [PUBLIC_V4, '127.0.0.1'],
  'rebind-v6.example.org': [PUBLIC_V6, '::1'],
  'localhost': ['127.0.0.1', '::1'],
  'plain.example.org': [PUBLIC_V4],
});
const strict = { allow: parseAllowList(undefined), resolve };

describe('webhook target vetting (SSRF)', () => {
  it.each([
    ['http://127.0.0.1/hook', 'loopback'],
    ['https://127.0.0.1/hook', 'loopback'],
    ['https://[::ffff:127.0.0.1]/', 'loopback'],
    ['https://[::ffff:7f00:1]/', 'loopback'],
    ['https://[::127.0.0.1]/', 'reserved'],
    ['https://0x7f000001/', 'loopback'],
    ['https://2130706433/', 'loopback'],
    ['https://017700000001/', 'loopback'],
    ['https://127.1/', 'loopback'],
    ['https://0/', 'unspecified'],
    ['https://0.0.0.0/', 'unspecified'],
    ['https://[::]/', 'unspecified'],
    ['https://[::1]/', 'loopback'],
    ['https://10.1.2.3/', 'private'],
    ['https://172.16.0.1/', 'private'],
    ['https://192.168.1.1/', 'private'],
    ['http://169.254.169.254/latest/meta-data', 'linkLocal'],
    ['https://169.254.169.254/latest/meta-data', 'linkLocal'],
    ['https://100.64.0.1/', 'carrierGradeNat'],
    ['https://100.100.100.200/latest/meta-data', 'carrierGradeNat'],
    ['https://[fe80::1]/', 'linkLocal'],
    ['https://[fd00::1]/', 'uniqueLocal'],
    ['https://[fc00::1]/', 'uniqueLocal'],
    ['https://[ff02::1]/', 'multicast'],
    ['https://224.0.0.1/', 'multicast'],
    ['https://255.255.255.255/', 'broadcast'],
    ['https://192.0.2.10/', 'reserved'],
    ['https://198.51.100.10/', 'reserved'],
    ['https://203.0.113.10/', 'reserved'],
    ['https://240.0.0.1/', 'reserved'],
    ['https://[2001:db8::1]/', 'reserved'],
    ['https://[64:ff9b::7f00:1]/', 'rfc6052'],
    ['https://[2002:7f00:1::]/', '6to4'],
    ['https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/', 'teredo'],
  ])('refuses the literal %s (%s)', async (url, range) => {
    const vetted = await vetTarget(url, strict);
    expect(vetted).toEqual({ ok: false, category: 'refused_address', reason: expect.stringContaining(`(${range})`) });
  });

  it.each([
    ['http://user:pass@example.com/', 'credentials'],
    ['https://user@example.com/', 'credentials'],
    ['https://:pass@example.com/', 'credentials'],
    ['https://metadata.google.internal/computeMetadata/v1/', 'metadata'],
    ['https://metadata.google.internal./computeMetadata/v1/', 'metadata'],
    ['https://metadata/', 'metadata'],
    ['https://example.com/hook#frag', 'fragment'],
    ['ftp://example.com/', 'http or https'],
    ['file:///etc/passwd', 'http or https'],
    ['gopher://example.com/', 'http or https'],
    ['not a url', 'absolute'],
  ])('refuses the URL %s (%s)', async (url, why) => {
    const vetted = await vetTarget(url, strict);
    expect(vetted).toEqual({ ok: false, category: 'refused_url', reason: expect.stringContaining(why) });
  });

  it('refuses a URL longer than the column once normalised', async () => {
    expect(await vetTarget(`https://example.com/${'a'.repeat(2000)}`, strict)).toEqual({ ok: false, category: 'refused_url', reason: expect.stringContaining('at most') });
  });

  it.each(['https://internal.example.org/', 'https://mixed.example.org/', 'https://rebind-v6.example.org/', 'https://localhost:8080/', 'https://nowhere.example.org/'])(
    'refuses %s, a name that resolves to a non-public address or not at all, with one reason for both',
    async (url) => {
      expect(await vetTarget(url, strict)).toEqual({ ok: false, category: 'refused_address', reason: UNRESOLVED_REASON });
    },
  );

  it('accepts https to a name that resolves only to public addresses, and public literals', async () => {
    for (const url of ['https://hooks.example.org/wdp', `https://${PUBLIC_V4}:8443/x?y=1`, `https://[${PUBLIC_V6}]/`, 'https://EXAMPLE.com./hook']) {
      const vetted = await vetTarget(url, strict);
      expect(vetted).toMatchObject({ ok: true });
    }
  });

  it('normalises what it accepts as WHATWG does, which is what the client requests', async () => {
    expect(await vetTarget('https://EXAMPLE.com:443/a/../hook', strict)).toMatchObject({ ok: true, url: new URL('https://example.com/hook') });
  });

  it('refuses plain http to a public host: alerts leave the network encrypted', async () => {
    expect(await vetTarget('http://plain.example.org/hook', strict)).toEqual({ ok: false, category: 'refused_address', reason: expect.stringContaining('must be https') });
    expect(await vetTarget(`http://${PUBLIC_V4}/hook`, strict)).toEqual({ ok: false, category: 'refused_address', reason: expect.stringContaining('must be https') });
  });

  it('lets the operator open networks (plain http included), but never the metadata names', async () => {
    const local = { allow: parseAllowList('127.0.0.1/32, ::1/128'), resolve };
    expect(await vetTarget('http://127.0.0.1:9000/hook', local)).toMatchObject({ ok: true });
    expect(await vetTarget('http://[::ffff:127.0.0.1]:9000/hook', local)).toMatchObject({ ok: true });
    expect(await vetTarget('http://localhost:9000/hook', local)).toMatchObject({ ok: true });
    expect(await vetTarget('http://127.0.0.2/hook', local)).toMatchObject({ ok: false, category: 'refused_address' });
    expect(await vetTarget('http://10.0.0.1/hook', local)).toMatchObject({ ok: false, category: 'refused_address' });
    expect(await vetTarget('https://metadata.google.internal/', { allow: parseAllowList('0.0.0.0/0'), resolve })).toMatchObject({ ok: false, category: 'refused_url' });
  });
});

describe('address policy', () => {
  it('treats an IPv4-mapped address as the IPv4 address it carries', () => {
    expect(addressRefusal('::ffff:10.0.0.1', [])).toBe('private');
    expect(addressRefusal(`::ffff:${PUBLIC_V4}`, [])).toBeNull();
    expect(addressRefusal('::ffff:127.0.0.1', parseAllowList('127.0.0.0/8'))).toBeNull();
  });

  it('refuses what is not an IP address', () => {
    expect(addressRefusal('example.com', [])).toBe('not an IP address');
  });

  it('validates the allow-list setting', () => {
    expect(isAllowList('127.0.0.1/32,::1/128')).toBe(true);
    expect(isAllowList('')).toBe(true);
    expect(isAllowList('127.0.0.1')).toBe(false);
    expect(isAllowList('localhost/32')).toBe(false);
    expect(isAllowList('10.0.0.0/33')).toBe(false);
  });
});
