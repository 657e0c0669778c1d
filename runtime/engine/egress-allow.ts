import { Cidr } from './egress-ranges.ts';

/** One entry of WEFT_EGRESS_ALLOW: an address or CIDR range, or a host name; with a port, only that port. */
export interface AllowEntry {
  text: string;
  cidr: Cidr | null;
  /** Lower-case host name, without a trailing dot. */
  name: string | null;
  port: number | null;
}

const HOST_NAME = /^(?=.{1,253}$)[a-z0-9_]([a-z0-9_-]{0,62})(\.[a-z0-9_]([a-z0-9_-]{0,62}))*$/;

/**
 * Reads an entry: `10.0.0.5`, `10.0.0.0/8`, `fd00::/8`, `erp.internal`, or any of them with a port:
 * `127.0.0.1:4100`, `10.0.0.0/8:5432`, `[fd00::1]:443`, `[fd00::/8]:443`, `erp.internal:8443`.
 */
export function parseAllowEntry(raw: string): AllowEntry {
  const text = raw.trim();
  let target = text;
  let portText: string | undefined;
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    if (close < 0 || (close < text.length - 1 && text[close + 1] !== ':')) throw invalid(raw);
    target = text.slice(1, close);
    portText = close < text.length - 1 ? text.slice(close + 2) : undefined;
  } else if (text.split(':').length === 2) {
    [target, portText] = text.split(':') as [string, string];
  }
  let port: number | null = null;
  if (portText !== undefined) {
    port = /^\d{1,5}$/.test(portText) ? Number(portText) : NaN;
    if (!(port >= 1 && port <= 65535)) throw invalid(raw);
  }
  const cidr = Cidr.parse(target);
  if (cidr) return { text, cidr, name: null, port };
  const name = target.toLowerCase().replace(/\.$/, '');
  if (target.includes('/') || /^[\d.]+$/.test(name) || !HOST_NAME.test(name)) throw invalid(raw);
  return { text, cidr: null, name, port };
}

function invalid(raw: string): Error {
  return new Error(
    `WEFT_EGRESS_ALLOW entry "${raw}" is not an address, a CIDR range or a host name, optionally with :port (e.g. 10.0.0.0/8, 127.0.0.1:4100, [fd00::1]:443, erp.internal:8443)`,
  );
}
