import { isIP } from 'node:net';

/** An IP address as bytes: 4 for IPv4, 16 for IPv6. */
export type IpBytes = Uint8Array;

/** What kind of address it is; everything but 'public' is denied unless an admin opens it. */
export type AddressKind =
  | 'public'
  | 'metadata'
  | 'loopback'
  | 'unspecified'
  | 'private'
  | 'shared'
  | 'link-local'
  | 'unique-local'
  | 'multicast'
  | 'reserved';

export interface AddressClass {
  kind: AddressKind;
  /** The range it falls in, for messages, e.g. "10.0.0.0/8". */
  range: string;
  /** The IPv4 address carried inside an IPv6 form (mapped, NAT64, 6to4, Teredo), when there is one. */
  embedded?: string;
}

export function parseIp(text: string): IpBytes | null {
  const addr = text.replace(/^\[|\]$/g, '').split('%')[0]!;
  const family = isIP(addr);
  if (family === 4) return Uint8Array.from(addr.split('.').map(Number));
  if (family !== 6) return null;
  let head = addr;
  let v4: number[] = [];
  const lastColon = addr.lastIndexOf(':');
  if (addr.slice(lastColon + 1).includes('.')) {
    v4 = addr
      .slice(lastColon + 1)
      .split('.')
      .map(Number);
    head = addr[lastColon - 1] === ':' ? addr.slice(0, lastColon + 1) : addr.slice(0, lastColon);
  }
  const groupsWanted = v4.length ? 6 : 8;
  const [left, right] = head.includes('::') ? head.split('::') : [head, undefined];
  const l = left ? left.split(':') : [];
  const r = right ? right.split(':') : [];
  const groups = right === undefined ? l : [...l, ...Array<string>(groupsWanted - l.length - r.length).fill('0'), ...r];
  const out = new Uint8Array(16);
  groups.forEach((g, i) => {
    const n = parseInt(g, 16);
    out[i * 2] = n >> 8;
    out[i * 2 + 1] = n & 0xff;
  });
  out.set(v4, 12);
  return out;
}

/** An address for messages: IPv4 dotted, IPv6 as eight groups. */
export function formatIp(b: IpBytes): string {
  if (b.length === 4) return b.join('.');
  return Array.from({ length: 8 }, (_, i) => ((b[i * 2]! << 8) | b[i * 2 + 1]!).toString(16)).join(':');
}

/** A CIDR range (an address is a range of one). */
export class Cidr {
  constructor(
    readonly base: IpBytes,
    readonly bits: number,
  ) {}

  static parse(text: string): Cidr | null {
    const [addr, bitsText, extra] = text.split('/');
    const base = parseIp(addr!);
    if (!base || extra !== undefined) return null;
    const max = base.length * 8;
    const bits = bitsText === undefined ? max : /^\d{1,3}$/.test(bitsText) ? Number(bitsText) : NaN;
    return Number.isInteger(bits) && bits <= max ? new Cidr(base, bits) : null;
  }

  contains(ip: IpBytes): boolean {
    if (ip.length !== this.base.length) return false;
    for (let bit = 0; bit < this.bits; bit += 8) {
      const take = Math.min(8, this.bits - bit);
      const mask = (0xff << (8 - take)) & 0xff;
      if ((ip[bit / 8]! & mask) !== (this.base[bit / 8]! & mask)) return false;
    }
    return true;
  }
}

const table = (rows: [string, AddressKind][]) =>
  rows.map(([range, kind]) => ({ range, kind, cidr: Cidr.parse(range)! }));

/** Where cloud metadata services answer (AWS, GCP, Azure, Oracle; AWS ECS; Alibaba; AWS over IPv6). */
export const METADATA_ADDRESSES = ['169.254.169.254', '169.254.170.2', '100.100.100.200', 'fd00:ec2::254'];
/** Names of metadata services; they resolve to one of the addresses above. */
export const METADATA_NAMES = new Set(['metadata.google.internal', 'metadata.goog']);

const RANGES = table([
  ...METADATA_ADDRESSES.map((a): [string, AddressKind] => [a, 'metadata']),
  ['0.0.0.0/8', 'unspecified'],
  ['127.0.0.0/8', 'loopback'],
  ['10.0.0.0/8', 'private'],
  ['172.16.0.0/12', 'private'],
  ['192.168.0.0/16', 'private'],
  ['100.64.0.0/10', 'shared'],
  ['169.254.0.0/16', 'link-local'],
  ['192.0.0.0/24', 'reserved'],
  ['198.18.0.0/15', 'reserved'],
  ['224.0.0.0/4', 'multicast'],
  ['240.0.0.0/4', 'reserved'],
  ['::/128', 'unspecified'],
  ['::1/128', 'loopback'],
  ['64:ff9b:1::/48', 'private'],
  ['fc00::/7', 'unique-local'],
  ['fe80::/10', 'link-local'],
  ['fec0::/10', 'private'],
  ['ff00::/8', 'multicast'],
]);

/** IPv6 forms that carry an IPv4 address: where it sits and how it is read. */
const CARRIERS: { cidr: Cidr; at: number; xor?: number }[] = [
  { cidr: Cidr.parse('::ffff:0:0/96')!, at: 12 }, // IPv4-mapped
  { cidr: Cidr.parse('::ffff:0:0:0/96')!, at: 12 }, // IPv4-translated
  { cidr: Cidr.parse('::/96')!, at: 12 }, // IPv4-compatible (deprecated)
  { cidr: Cidr.parse('64:ff9b::/96')!, at: 12 }, // NAT64
  { cidr: Cidr.parse('2002::/16')!, at: 2 }, // 6to4
  { cidr: Cidr.parse('2001::/32')!, at: 12, xor: 0xff }, // Teredo client address
];

/** The IPv4 address inside an IPv6 form, or null (:: and ::1 are classified before this is asked). */
export function embeddedIpv4(ip: IpBytes): IpBytes | null {
  if (ip.length !== 16) return null;
  for (const c of CARRIERS) {
    if (!c.cidr.contains(ip)) continue;
    const v4 = ip.slice(c.at, c.at + 4).map((b) => b ^ (c.xor ?? 0));
    return v4;
  }
  return null;
}

/** Classifies an address, looking through IPv6 forms at the IPv4 address they carry. */
export function classify(ip: IpBytes): AddressClass {
  for (const r of RANGES) if (r.cidr.contains(ip)) return { kind: r.kind, range: r.range };
  const v4 = embeddedIpv4(ip);
  if (v4) {
    const inner = classify(v4);
    return { ...inner, embedded: formatIp(v4) };
  }
  return { kind: 'public', range: '' };
}

/** True for a cloud metadata address or name (also written as a number or in an IPv6 form). */
export function isMetadataHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  if (METADATA_NAMES.has(host)) return true;
  const ip = parseIp(host);
  return ip !== null && classify(ip).kind === 'metadata';
}

const LABELS: Record<Exclude<AddressKind, 'public'>, string> = {
  metadata: 'a cloud metadata address (instance credentials are served there)',
  loopback: 'a loopback address',
  unspecified: 'the unspecified address, which reaches this host',
  private: 'a private address',
  shared: 'a carrier-grade NAT address, where cloud providers serve internal services',
  'link-local': 'a link-local address',
  'unique-local': 'a unique-local IPv6 address',
  multicast: 'a multicast address',
  reserved: 'a reserved address',
};

/** "a private address (10.0.0.0/8)", for messages. */
export function describeClass(c: AddressClass): string {
  if (c.kind === 'public') return 'a public address';
  return c.kind === 'metadata' ? LABELS.metadata : `${LABELS[c.kind]} (${c.range})`;
}
