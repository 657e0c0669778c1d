import { getRequestListener } from '@hono/node-server';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createWeft, type Weft, type WeftOptions } from './weft.ts';
import { createApp, webhookDeps } from './api/app.ts';
import { nodeWebhookHandler } from './api/routes/hooks.ts';
import { loadExampleFlows } from './flows/examples.ts';

export interface RunningServer {
  weft: Weft;
  url: string;
  port: number;
  /** Example flows loaded into the empty database at this start (0 on later starts). */
  examplesLoaded: number;
  close(graceMs?: number): Promise<void>;
}

/** Starts the runtime: store, engine (resuming unfinished runs), triggers and the HTTP server. */
export async function startServer(opts: WeftOptions = {}): Promise<RunningServer> {
  const weft = await createWeft(opts);
  const examplesLoaded =
    weft.config.examplesDir && (await weft.flows.list()).length === 0
      ? await loadExampleFlows(
          weft,
          weft.config.examplesDir,
          weft.config.demoPort === null ? undefined : `http://127.0.0.1:${weft.config.demoPort}`,
        )
      : 0;
  const app = createApp(weft);
  const api = getRequestListener(app.fetch);
  const hooks = nodeWebhookHandler(webhookDeps(weft));
  const server: Server = createServer((req, res) => {
    if (req.url?.startsWith('/hooks/')) hooks(req, res);
    else void api(req, res);
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(weft.config.port, weft.config.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  weft.egress.addSelfPort(port);
  const host = weft.config.host.includes(':') ? `[${weft.config.host}]` : weft.config.host;
  return {
    weft,
    port,
    examplesLoaded,
    url: `http://${host}:${port}`,
    /**
     * Graceful stop, bounded by `graceMs`: no new connections, new runs refused (503), steps in flight
     * get the grace to finish, the rest are released to the next worker; then every connection closes.
     */
    async close(graceMs = 10_000) {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await weft.close(graceMs);
      server.closeAllConnections();
      await closed;
    },
  };
}
