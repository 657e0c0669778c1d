/** What the runtime answered: the status and the body (parsed JSON, or the text when it is not JSON). */
export interface ApiAnswer {
  status: number;
  body: unknown;
}

/** The runtime the command talks to: --url (or --server), else WEFT_URL, else the local default. */
export function runtimeUrl(flag: string | undefined): string {
  return (flag || process.env.WEFT_URL || 'http://127.0.0.1:8080').replace(/\/+$/, '');
}

/**
 * A running Weft over its HTTP API, as the CLI commands use it: `call` answers whatever came back,
 * `get`/`send` fail with the server's own message on anything but success.
 */
export class WeftClient {
  constructor(
    readonly base: string,
    private readonly token: string,
  ) {}

  async call(method: string, path: string, body?: unknown): Promise<ApiAnswer> {
    const headers: Record<string, string> = {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
    };
    let res: Response;
    try {
      res = await fetch(this.base + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (err) {
      const cause = (err as Error & { cause?: Error }).cause?.message ?? (err as Error).message;
      throw new Error(`cannot reach ${this.base} (${cause}); is the runtime running?`);
    }
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      /* plain text */
    }
    return { status: res.status, body: parsed };
  }

  /** The body of a successful answer; anything else throws with what the server said. */
  async get<T>(path: string): Promise<T> {
    return this.send<T>('GET', path);
  }

  async send<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await this.call(method, path, body);
    if (res.status >= 300) throw new Error(`${method} ${path}: ${describeAnswer(res)}`);
    return res.body as T;
  }
}

/** "HTTP 422: the draft has 1 problem(s)…" with each problem the server listed on its own line. */
export function describeAnswer(res: ApiAnswer): string {
  const e = (
    res.body as { error?: { message?: string; details?: { problems?: { message: string; nodeId?: string }[] } } }
  )?.error;
  const problems =
    e?.details?.problems?.map((p) => `\n  - ${p.nodeId ? `${p.nodeId}: ` : ''}${p.message}`).join('') ?? '';
  return `HTTP ${res.status}: ${e?.message ?? JSON.stringify(res.body)}${problems}`;
}

/** A path segment for a flow id or table name. */
export const seg = (s: string) => encodeURIComponent(s);

/** `fn` over every item, at most `limit` at a time, results in the items' order. */
export async function mapLimited<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
