import { describe, it, expect } from 'vitest';
import type { LookupAddress } from 'node:dns';
import { EgressPolicy } from './egress.ts';

/** The verdict on a URL before any connection: 'ok' or the error's code and message. */
function verdict(policy: EgressPolicy, url: string, allowPrivate = false): string {
  try {
    policy.checkUrl(url, allowPrivate);
    return 'ok';
  } catch (e) {
    return `${(e as { code: string }).code}: ${(e as Error).message}`;
  }
}

/** What the socket lookup says for `host` resolving to `address`, connecting to `port`. */
function resolved(policy: EgressPolicy, host: string, port: number, allowPrivate = false): Promise<string> {
  return new Promise((done) => {
    policy.lookup(allowPrivate, port)(host, { all: true }, (err, addresses) =>
      done(err ? `${(err as { code?: string }).code}: ${err.message}` : `ok ${JSON.stringify(addresses)}`),
    );
  });
}

const fakeDns = (map: Record<string, string>) =>
  ((host: string, _o: unknown, cb: (e: Error | null, a: LookupAddress[]) => void) => {
    const address = map[host];
    if (!address) return cb(Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' }), []);
    cb(null, [{ address, family: address.includes(':') ? 6 : 4 }]);
  }) as never;

describe('egress policy: the default denies every address that is not public', () => {
  const policy = new EgressPolicy();
  const denied = [
    ['10.0.0.1', /private address \(10\.0\.0\.0\/8\)/],
    ['172.16.5.4:8443', /private address \(172\.16\.0\.0\/12\)/],
    ['192.168.1.1', /private address \(192\.168\.0\.0\/16\)/],
    ['100.64.0.1', /carrier-grade NAT/],
    ['127.0.0.1:5432', /loopback/],
    ['127.8.9.10', /loopback/],
    ['0.0.0.0:6379', /unspecified/],
    ['[::1]:5432', /loopback/],
    ['[fc00::1]', /unique-local/],
    ['[fd12:3456::1]', /unique-local/],
    ['[fe80::1]', /link-local/],
    ['[::ffff:10.0.0.1]', /10\.0\.0\.1 .*private/],
    ['[::ffff:a00:1]', /10\.0\.0\.1 .*private/],
    ['[64:ff9b::a00:1]', /10\.0\.0\.1 .*private/],
    ['[2002:c0a8:101::1]', /192\.168\.1\.1 .*private/],
    ['[::ffff:127.0.0.1]:5432', /127\.0\.0\.1 .*loopback/],
    ['169.254.169.254', /cloud metadata/],
    ['100.100.100.200', /cloud metadata/],
    ['[fd00:ec2::254]', /cloud metadata/],
    ['metadata.google.internal', /cloud metadata/],
    ['2852039166', /169\.254\.169\.254.*cloud metadata/],
  ] as const;
  for (const [host, why] of denied)
    it(`refuses http://${host}/`, () => {
      const v = verdict(policy, `http://${host}/x`);
      expect(v).toMatch(/^egress_blocked: /);
      expect(v).toMatch(why);
    });

  it('lets public addresses through, also public IPv4 in an IPv6 form', () => {
    for (const host of [
      '93.184.216.34',
      '[2606:4700::1111]',
      '[64:ff9b::5db8:d822]',
      '[::ffff:93.184.216.34]',
      'api.example.com',
      '172.32.0.1',
      '100.128.0.1',
    ])
      expect(verdict(policy, `https://${host}/v1`), host).toBe('ok');
  });

  it('says which host, which address and how an admin opens it', () => {
    const v = verdict(policy, 'http://10.1.2.3:5432/');
    expect(v).toMatch(/10\.1\.2\.3/);
    expect(v).toMatch(/allowPrivate/);
    expect(v).toMatch(/WEFT_EGRESS_ALLOW.*10\.1\.2\.3:5432/);
  });

  it('checks every address a name resolves to, after DNS', async () => {
    const p = new EgressPolicy(
      [],
      fakeDns({
        'db.internal': '10.0.0.5',
        'mapped.internal': '::ffff:192.168.0.9',
        'cgnat.internal': '100.100.100.200',
        'api.example.com': '93.184.216.34',
      }),
    );
    expect(await resolved(p, 'db.internal', 5432)).toMatch(
      /^egress_blocked: db\.internal resolves to 10\.0\.0\.5, a private address .*WEFT_EGRESS_ALLOW/,
    );
    expect(await resolved(p, 'mapped.internal', 80)).toMatch(
      /^egress_blocked: mapped\.internal resolves to ::ffff:192\.168\.0\.9/,
    );
    expect(await resolved(p, 'cgnat.internal', 80)).toMatch(/^egress_blocked: .*cloud metadata/);
    expect(await resolved(p, 'api.example.com', 443)).toMatch(/^ok /);
  });
});

describe('egress policy: what admins open', () => {
  const dns = fakeDns({ 'db.internal': '10.0.0.5', 'erp.internal': '10.0.0.6', 'meta.internal': '169.254.169.254' });

  it('addresses and CIDR ranges open every port, also in IPv6 forms', () => {
    const p = new EgressPolicy(['10.0.0.0/8', '192.168.1.7', 'fd00::/8']);
    expect(verdict(p, 'http://10.9.9.9:5432/')).toBe('ok');
    expect(verdict(p, 'http://[::ffff:10.9.9.9]/')).toBe('ok');
    expect(verdict(p, 'http://192.168.1.7/')).toBe('ok');
    expect(verdict(p, 'http://192.168.1.8/')).toMatch(/egress_blocked/);
    expect(verdict(p, 'http://[fd12::1]/')).toBe('ok');
    expect(verdict(p, 'http://[fc00::1]/')).toMatch(/egress_blocked/);
  });

  it('host:port entries open one port only', async () => {
    const p = new EgressPolicy(['127.0.0.1:4100', '[::1]:4100', 'db.internal:5432'], dns);
    expect(verdict(p, 'http://127.0.0.1:4100/crm')).toBe('ok');
    expect(verdict(p, 'http://[::1]:4100/crm')).toBe('ok');
    expect(verdict(p, 'http://127.0.0.1:5432/')).toMatch(/egress_blocked/);
    expect(verdict(p, 'http://127.0.0.1/')).toMatch(/egress_blocked/);
    expect(await resolved(p, 'db.internal', 5432)).toMatch(/^ok /);
    expect(await resolved(p, 'db.internal', 80)).toMatch(/egress_blocked/);
  });

  it('a host name opens what that name resolves to, and nothing else', async () => {
    const p = new EgressPolicy(['ERP.internal'], dns);
    expect(await resolved(p, 'erp.internal', 8443)).toMatch(/^ok /);
    expect(await resolved(p, 'db.internal', 8443)).toMatch(/egress_blocked/);
  });

  it("allowPrivate on a connection opens private ranges, never cloud metadata or this runtime's own port", async () => {
    const p = new EgressPolicy([], dns);
    p.addSelfPort(8080);
    expect(verdict(p, 'http://10.0.0.1/', true)).toBe('ok');
    expect(verdict(p, 'http://127.0.0.1:5432/', true)).toBe('ok');
    expect(await resolved(p, 'db.internal', 5432, true)).toMatch(/^ok /);
    expect(verdict(p, 'http://169.254.169.254/', true)).toMatch(/cloud metadata/);
    expect(await resolved(p, 'meta.internal', 80, true)).toMatch(/cloud metadata/);
    expect(verdict(p, 'http://127.0.0.1:8080/api/flows', true)).toMatch(/this Weft runtime's own port/);
  });

  it("an allowed address does not open this runtime's own port; an entry naming that port does", () => {
    const p = new EgressPolicy(['127.0.0.1']);
    p.addSelfPort(8080);
    expect(verdict(p, 'http://127.0.0.1:9000/')).toBe('ok');
    expect(verdict(p, 'http://127.0.0.1:8080/')).toMatch(/own port/);
    expect(verdict(new EgressPolicy(['127.0.0.1:8080']), 'http://127.0.0.1:8080/')).toBe('ok');
  });

  it('entries added at run time open at once and close again when withdrawn', () => {
    const p = new EgressPolicy();
    expect(verdict(p, 'http://127.0.0.1:4100/')).toMatch(/egress_blocked/);
    p.allow('127.0.0.1:4100');
    expect(verdict(p, 'http://127.0.0.1:4100/')).toBe('ok');
    expect(p.entries()).toContain('127.0.0.1:4100');
    expect(p.withdraw('127.0.0.1:4100')).toBe(true);
    expect(verdict(p, 'http://127.0.0.1:4100/')).toMatch(/egress_blocked/);
  });

  it('refuses entries that are not an address, range or name', () => {
    for (const bad of ['10.0.0.0/40', 'http://x', '127.0.0.1:99999', 'a b', '[::1'])
      expect(() => new EgressPolicy([bad]), bad).toThrow(/WEFT_EGRESS_ALLOW/);
  });

  it('refuses schemes other than http and https', () => {
    expect(verdict(new EgressPolicy(), 'file:///etc/passwd')).toMatch(/egress_blocked: file: URLs/);
  });
});
