import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { createWeft, type Weft, type WeftOptions } from './weft.ts';
import { createApp } from './api/app.ts';
import { loadExampleFlows } from './flows/examples.ts';

export interface RunningServer {
  weft: Weft;
  url: string;
  port: number;
  close(graceMs?: number): Promise<void>;
}

/** Starts the runtime: store, engine (resuming unfinished runs), triggers and the HTTP server. */
export async function startServer(opts: WeftOptions = {}): Promise<RunningServer> {
  const weft = await createWeft(opts);
  if (weft.config.examplesDir && weft.flows.list().length === 0) loadExampleFlows(weft, weft.config.examplesDir);
  const app = createApp(weft);
  const server: ServerType = await new Promise((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: weft.config.port, hostname: weft.config.host }, () => resolve(s));
    s.once('error', reject);
  });
  (server as import("node:http").Server).keepAliveTimeout = 65_000;
  const port = (server.address() as AddressInfo).port;
  const host = weft.config.host.includes(':') ? `[${weft.config.host}]` : weft.config.host;
  return {
    weft,
    port,
    url: `http://${host}:${port}`,
    async close(graceMs = 10_000) {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        (server as { closeIdleConnections?: () => void }).closeIdleConnections?.();
        setTimeout(resolve, graceMs).unref();
      });
      await weft.close(graceMs);
    },
  };
}
