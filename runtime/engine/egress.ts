import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { networkInterfaces } from 'node:os';
import { buildConnector } from 'undici';
import { WeftError } from '../../shared/errors.ts';
import { Cidr, classify, describeClass, embeddedIpv4, METADATA_NAMES, parseIp, type IpBytes } from './egress-ranges.ts';
import { parseAllowEntry, type AllowEntry } from './egress-allow.ts';

export const EGRESS_BLOCKED = 'egress_blocked';

/** The end of a refusal of a private address: how an admin opens `target` ("host:port") to whoever was refused. */
export type OpenAdvice = (target: string) => string;

const CONNECTOR_ADVICE: OpenAdvice = (target) =>
  `Connectors reach public addresses only; an admin can open it for one connection (allowPrivate) or for every connector in WEFT_EGRESS_ALLOW, e.g. "${target}"`;

/** This host's own interface addresses: reaching them is reaching this machine, like loopback. */
function hostAddresses(): Cidr[] {
  const out: Cidr[] = [];
  for (const list of Object.values(networkInterfaces()))
    for (const a of list ?? []) {
      const c = Cidr.parse(a.address.split('%')[0]!);
      if (c) out.push(c);
    }
  return out;
}

/**
 * Where connectors may go. Denied unless an admin opens them: every address that is not public
 * (loopback, private, carrier-grade NAT, link-local, unique-local, this host's own addresses, and
 * IPv6 forms that carry one of them), checked on literal URLs and again on every address DNS returns
 * for a name, when the socket connects. Opened by entries of WEFT_EGRESS_ALLOW (addresses, CIDR ranges
 * or host names, each optionally with a `:port`) or per connection (`allowPrivate`). Cloud metadata
 * addresses and this runtime's own port stay closed to `allowPrivate`; only an allow entry naming
 * them opens them (for the runtime's port, one that names the port).
 */
export class EgressPolicy {
  private readonly rules: AllowEntry[];
  private readonly ownPorts = new Set<number>();
  private readonly thisHost = hostAddresses();
  /** Origins (scheme://authority as written) whose URL check passed; emptied when the rules change. */
  private readonly passed = new Set<string>();

  constructor(
    allow: string[] = [],
    private readonly resolve: typeof dnsLookup = dnsLookup,
  ) {
    this.rules = allow.map(parseAllowEntry);
  }

  /** Opens an entry (same syntax as WEFT_EGRESS_ALLOW) while the process runs. */
  allow(entry: string): void {
    this.rules.push(parseAllowEntry(entry));
    this.passed.clear();
  }

  /** Closes an entry again (written as it was opened); false when it was not open. */
  withdraw(entry: string): boolean {
    const i = this.rules.findIndex((r) => r.text === entry.trim());
    if (i < 0) return false;
    this.rules.splice(i, 1);
    this.passed.clear();
    return true;
  }

  /** The entries in force, as written. */
  entries(): string[] {
    return this.rules.map((r) => r.text);
  }

  /** A port this process listens on: never reachable on a local address unless an entry names it. */
  addSelfPort(port: number): void {
    this.ownPorts.add(port);
    this.passed.clear();
  }

  get selfPorts(): ReadonlySet<number> {
    return this.ownPorts;
  }

  /** Checks what the URL says before any connection: its scheme, a metadata name, a literal address. */
  checkUrl(href: string, allowPrivate: boolean): void {
    const key = `${allowPrivate ? '!' : ''}${originPrefix(href)}`;
    if (this.passed.has(key)) return;
    const url = new URL(href);
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw blocked(`${url.protocol} URLs are not allowed; connectors call http:// and https:// only`);
    const host = url.hostname.toLowerCase();
    const port = portOf(url);
    if (METADATA_NAMES.has(host.replace(/\.$/, '')) && !this.allowedBy(null, port, host, false))
      throw blocked(
        `${host} is a cloud metadata service (instance credentials are served there); connectors may not call it unless WEFT_EGRESS_ALLOW names it`,
      );
    const ip = parseIp(host);
    if (ip) this.checkIp(ip, port, allowPrivate, host, null);
    if (this.passed.size >= 10_000) this.passed.clear();
    this.passed.add(key);
  }

  /** Checks one address `host` resolved to (or is), for a connection to `port`. */
  checkAddress(address: string, port: number, allowPrivate: boolean, host: string, advice?: OpenAdvice): void {
    const ip = parseIp(address);
    if (!ip) throw blocked(`${host} resolves to "${address}", which is not an IP address`);
    // A literal address "resolves" to itself: the message speaks of it as written.
    this.checkIp(ip, port, allowPrivate, host, address === host ? null : address, advice);
  }

  /**
   * A socket `lookup` for connections to `port`: resolves, then refuses denied addresses (so a name cannot hide
   * one); `advice` ends a refusal's message (connectors' by default).
   */
  lookup(allowPrivate: boolean, port: number, advice?: OpenAdvice) {
    return (
      hostname: string,
      options: LookupOptions,
      callback: (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void,
    ) => {
      this.resolve(hostname, { ...options, all: true }, (err, addresses) => {
        if (err) return callback(err, '');
        try {
          for (const a of addresses) this.checkAddress(a.address, port, allowPrivate, hostname, advice);
        } catch (e) {
          return callback(e as NodeJS.ErrnoException, '');
        }
        if (options.all) callback(null, addresses);
        else callback(null, addresses[0]!.address, addresses[0]!.family);
      });
    };
  }

  /** An undici `connect` whose sockets resolve names through `lookup` (one connector per port). */
  connector(allowPrivate: boolean): buildConnector.connector {
    const byPort = new Map<number, buildConnector.connector>();
    return (opts, callback) => {
      const port = Number(opts.port) || (opts.protocol === 'https:' ? 443 : 80);
      let connect = byPort.get(port);
      if (!connect) {
        if (byPort.size >= 1000) byPort.clear();
        connect = buildConnector({ lookup: this.lookup(allowPrivate, port) });
        byPort.set(port, connect);
      }
      connect(opts, callback);
    };
  }

  private checkIp(
    ip: IpBytes,
    port: number,
    allowPrivate: boolean,
    host: string,
    resolvedTo: string | null,
    advice: OpenAdvice = CONNECTOR_ADVICE,
  ): void {
    const cls = classify(ip);
    const local = cls.kind === 'loopback' || cls.kind === 'unspecified' || this.thisHost.some((c) => c.contains(ip));
    const what =
      resolvedTo === null
        ? `${host} ${cls.embedded ? `is the IPv4 address ${cls.embedded} in IPv6 form:` : 'is'}`
        : `${host} resolves to ${resolvedTo}${cls.embedded ? ` (the IPv4 address ${cls.embedded})` : ''},`;
    if (local && this.ownPorts.has(port)) {
      if (this.allowedBy(ip, port, host, true)) return;
      throw blocked(
        `${host}:${port}${resolvedTo === null ? '' : ` (${resolvedTo})`} is this Weft runtime's own port; connectors may not call the runtime's API`,
      );
    }
    if (this.allowedBy(ip, port, host, false)) return;
    if (cls.kind === 'metadata')
      throw blocked(
        `${what} ${describeClass(cls)}; connectors may not call it unless a WEFT_EGRESS_ALLOW entry names it`,
      );
    if (cls.kind === 'public' && !local) return;
    if (allowPrivate) return;
    const kind = cls.kind === 'public' ? "one of this host's own addresses" : describeClass(cls);
    const target = resolvedTo === null ? (cls.embedded ?? host) : host;
    throw blocked(`${what} ${kind}. ${advice(`${target}:${port}`)}`);
  }

  /** True when an entry opens this address or name on this port (`exactPort`: only entries that name the port). */
  private allowedBy(ip: IpBytes | null, port: number, host: string, exactPort: boolean): boolean {
    const v4 = ip && embeddedIpv4(ip);
    const name = host.toLowerCase().replace(/\.$/, '');
    return this.rules.some(
      (r) =>
        (r.port === null ? !exactPort : r.port === port) &&
        (r.name !== null
          ? r.name === name
          : ip !== null && (r.cidr!.contains(ip) || (v4 !== null && r.cidr!.contains(v4)))),
    );
  }
}

function portOf(url: URL): number {
  return url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
}

/** scheme://authority of a URL as written (up to the first "/" after "//"), without parsing it. */
function originPrefix(url: string): string {
  const start = url.indexOf('//');
  const end = start < 0 ? -1 : url.indexOf('/', start + 2);
  return end < 0 ? url : url.slice(0, end);
}

function blocked(message: string): WeftError {
  return new WeftError(EGRESS_BLOCKED, message, { retryable: false });
}
