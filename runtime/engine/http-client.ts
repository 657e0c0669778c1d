import { Agent, request, errors as undiciErrors } from 'undici';
import type { HttpClient, HttpRequest, HttpResponse } from '../../nodes/define-node.ts';
import { WeftError, ErrorCodes } from '../../shared/errors.ts';
import { EgressPolicy } from './egress.ts';
import { ACCEPT_ENCODING, readBody } from './http-body.ts';

export interface HttpClientOptions {
  /** Connections kept per origin. */
  connections?: number;
  keepAliveTimeoutMs?: number;
  /** Largest response body read, in bytes, after decoding its content-encoding. */
  maxResponseBytes?: number;
  /** Where connectors may go; default: public addresses over http(s) only. */
  egress?: EgressPolicy;
}

/** One pooled keep-alive client for every connector step of the process. */
export function createHttpClient(opts: HttpClientOptions = {}): HttpClient & { close(): Promise<void> } {
  const egress = opts.egress ?? new EgressPolicy();
  const agentFor = (allowPrivate: boolean) =>
    new Agent({
      connections: opts.connections ?? 128,
      keepAliveTimeout: opts.keepAliveTimeoutMs ?? 10_000,
      pipelining: 1,
      connect: egress.connector(allowPrivate),
    });
  const agent = agentFor(false);
  let privateAgent: Agent | null = null;
  // The policy remembers the origins it let through; names are checked again on every address DNS returns.
  const checkEgress = async (req: HttpRequest) => egress.checkUrl(req.url, req.allowPrivate === true);
  const maxBytes = opts.maxResponseBytes ?? 32 * 1024 * 1024;

  return {
    async request(req: HttpRequest): Promise<HttpResponse> {
      // One deadline for the whole exchange (connect, headers and every byte of the body), not per gap between bytes.
      const exchange = new AbortController();
      let timedOut = false;
      const timer = setTimeout(() => {
        if (exchange.signal.aborted) return;
        timedOut = true;
        exchange.abort(new Error(`deadline of ${req.timeoutMs} ms passed`));
      }, req.timeoutMs);
      const outer = req.signal;
      const forward = () => exchange.abort(outer!.reason);
      if (outer?.aborted) forward();
      else outer?.addEventListener('abort', forward, { once: true });
      try {
        // Redirects are not followed: a 3xx is the step's answer, so no hop escapes these checks.
        await checkEgress(req);
        if (req.allowPrivate) privateAgent ??= agentFor(true);
        const dispatcher = req.allowPrivate ? privateAgent! : agent;
        const res = await request(req.url, {
          method: req.method as 'GET',
          headers: withAcceptEncoding(req.headers),
          body: req.body,
          dispatcher,
          signal: exchange.signal,
        });
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers))
          if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
        const body = await readBody(
          res.body,
          headers['content-encoding'],
          maxBytes,
          `${req.method} ${origin(req.url)}`,
        );
        return { status: res.statusCode, headers, body: body.toString('utf8') };
      } catch (err) {
        throw classifyNetworkError(err, req, timedOut);
      } finally {
        clearTimeout(timer);
        outer?.removeEventListener('abort', forward);
      }
    },
    close: async () => {
      await agent.close();
      await privateAgent?.close();
    },
  };
}

function origin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

function classifyNetworkError(err: unknown, req: HttpRequest, timedOut: boolean): unknown {
  if (err instanceof WeftError) return err;
  if ((err as { code?: string })?.code === 'egress_blocked')
    return new WeftError('egress_blocked', (err as Error).message, { retryable: false });
  const where = `${req.method} ${origin(req.url)}`;
  if (timedOut || err instanceof undiciErrors.ConnectTimeoutError) {
    return new WeftError(ErrorCodes.timeout, `${where} did not complete within ${req.timeoutMs} ms`, {
      retryable: true,
      cause: err,
    });
  }
  if (req.signal?.aborted)
    return new WeftError(ErrorCodes.aborted, `${where} was aborted`, { retryable: false, cause: err });
  if (err instanceof undiciErrors.InvalidArgumentError) {
    return new WeftError(ErrorCodes.config, `${where}: ${(err as Error).message}`, { retryable: false, cause: err });
  }
  const code = (err as { code?: string })?.code ?? '';
  const message = (err as Error)?.message ?? String(err);
  return new WeftError(ErrorCodes.network, `${where} failed: ${code ? code + ' ' : ''}${message}`, {
    retryable: true,
    cause: err,
  });
}

/** The request's headers, asking for the encodings readBody decodes unless they choose for themselves. */
function withAcceptEncoding(headers: Record<string, string> | undefined): Record<string, string> {
  if (headers && Object.keys(headers).some((k) => k.toLowerCase() === 'accept-encoding')) return headers;
  return { ...headers, 'accept-encoding': ACCEPT_ENCODING };
}
