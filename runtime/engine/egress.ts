import { BlockList, isIP } from 'node:net';
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { networkInterfaces } from 'node:os';
import { WeftError } from '../../shared/errors.ts';

/** Addresses no connector may reach: link-local, where cloud metadata services answer. */
const LINK_LOCAL = new BlockList();
LINK_LOCAL.addSubnet('169.254.0.0', 16, 'ipv4');
LINK_LOCAL.addSubnet('fe80::', 10, 'ipv6');
LINK_LOCAL.addAddress('fd00:ec2::254', 'ipv6');

const LOCAL = new BlockList();
LOCAL.addSubnet('127.0.0.0', 8, 'ipv4');
LOCAL.addAddress('0.0.0.0', 'ipv4');
LOCAL.addAddress('::1', 'ipv6');
LOCAL.addAddress('::', 'ipv6');
for (const list of Object.values(networkInterfaces())) for (const a of list ?? []) LOCAL.addAddress(a.address.split('%')[0]!, a.family === 'IPv6' ? 'ipv6' : 'ipv4');

export const EGRESS_BLOCKED = 'egress_blocked';

/**
 * Where connectors may not go: non-http(s) schemes, link-local and metadata addresses (after DNS
 * resolution), and this runtime's own port on any local address. Entries of WEFT_EGRESS_ALLOW
 * (addresses, CIDR ranges or host names) are let through.
 */
export class EgressPolicy {
  /** Ports this process listens on; filled in once the server is listening. */
  readonly selfPorts = new Set<number>();
  private readonly allowed = new BlockList();
  private readonly allowedHosts = new Set<string>();

  constructor(allow: string[] = [], private readonly resolve: typeof dnsLookup = dnsLookup) {
    for (const entry of allow) {
      const [addr, bits] = entry.split('/');
      const family = isIP(addr!);
      if (family && bits !== undefined) this.allowed.addSubnet(addr!, Number(bits), family === 6 ? 'ipv6' : 'ipv4');
      else if (family) this.allowed.addAddress(addr!, family === 6 ? 'ipv6' : 'ipv4');
      else this.allowedHosts.add(entry.toLowerCase());
    }
  }

  /** Checks what the URL says before any connection: its scheme, and a literal address or this runtime's port. */
  checkUrl(url: URL, allowPrivate: boolean): void {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw blocked(`${url.protocol} URLs are not allowed; connectors call http:// and https:// only`);
    if (this.allowedHosts.has(url.hostname.toLowerCase())) return;
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (isIP(host)) this.checkAddress(host, portOf(url), allowPrivate, url.hostname);
  }

  /** Checks a resolved address for a request to `port`. */
  checkAddress(address: string, port: number | null, allowPrivate: boolean, host: string): void {
    const family: 'ipv4' | 'ipv6' = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    const mapped = family === 'ipv6' && address.toLowerCase().startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : null;
    const [a, f] = mapped ? [mapped, 'ipv4' as const] : [address, family];
    if (this.allowed.check(a, f)) return;
    if (!allowPrivate && LINK_LOCAL.check(a, f)) throw blocked(`${host} resolves to ${address}, a link-local address (cloud metadata lives there); an admin can allow it for a connection or in WEFT_EGRESS_ALLOW`);
    if (port !== null && this.selfPorts.has(port) && LOCAL.check(a, f)) throw blocked(`${host}:${port} is this Weft runtime's own port; connectors may not call the runtime's API`);
  }

  /** A `lookup` for sockets: resolves, then refuses forbidden addresses (so a name cannot hide one). */
  lookup(allowPrivate: boolean) {
    return (hostname: string, options: LookupOptions, callback: (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void) => {
      this.resolve(hostname, { ...options, all: true }, (err, addresses) => {
        if (err) return callback(err, '');
        try {
          if (!this.allowedHosts.has(hostname.toLowerCase())) for (const a of addresses) this.checkAddress(a.address, null, allowPrivate, hostname);
        } catch (e) {
          return callback(e as NodeJS.ErrnoException, '');
        }
        if (options.all) callback(null, addresses);
        else callback(null, addresses[0]!.address, addresses[0]!.family);
      });
    };
  }

  /** True when the URL alone decides (a literal address, or not one of this runtime's ports), so the verdict can be remembered. */
  settledByUrl(url: URL): boolean {
    return isIP(url.hostname.replace(/^\[|\]$/g, '')) !== 0 || !this.selfPorts.has(portOf(url));
  }

  /** For a request to one of this runtime's ports by name: resolves the name and checks each address. */
  async checkSelfPort(url: URL): Promise<void> {
    const port = portOf(url);
    if (!this.selfPorts.has(port) || isIP(url.hostname.replace(/^\[|\]$/g, '')) || this.allowedHosts.has(url.hostname.toLowerCase())) return;
    const addresses = await new Promise<LookupAddress[]>((done) => this.resolve(url.hostname, { all: true }, (err, a) => done(err ? [] : a)));
    for (const a of addresses) this.checkAddress(a.address, port, true, url.hostname);
  }
}

function portOf(url: URL): number {
  return url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
}

function blocked(message: string): WeftError {
  return new WeftError(EGRESS_BLOCKED, message, { retryable: false });
}
