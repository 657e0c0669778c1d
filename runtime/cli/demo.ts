import type { RunningServer } from '../server.ts';
import { startSampleSystems } from '../../flows/systems/index.ts';
import { runDemoDay } from '../../flows/demo/demo-day.ts';
import { sampleWebhooksSecret } from '../flows/example-webhook-secret.ts';

export interface RunningDemo {
  url: string;
  close(): Promise<void>;
}

/**
 * Starts the sample CRM, CLM, PSA, ERP and billing systems beside the runtime, their webhooks pointed at it
 * and signed (Standard Webhooks) with the secret the example flows verify (stored once, kept across restarts).
 * On the first start (example flows just loaded) a short day of events runs in the background so run
 * history has something to show.
 */
export async function startDemo(server: RunningServer, port: number): Promise<RunningDemo> {
  const signingSecret = await sampleWebhooksSecret(server.weft, `http://127.0.0.1:${port}`);
  const systems = await startSampleSystems({
    port,
    host: '127.0.0.1',
    weftUrl: server.url,
    delivery: { signingSecret },
  });
  const log = server.weft.logger;
  if (server.examplesLoaded > 0) {
    // A token for the day's run counts, revoked when the day is over.
    const { identity } = server.weft;
    const { token, view } = await identity.createToken('first-start demo', 'operator', null, Date.now() + 3600_000, {
      source: 'first-start demo',
    });
    void runDemoDay({
      weftUrl: server.url,
      systemsUrl: systems.url,
      weftToken: token,
      timeEntries: 60,
      log: (line) => log.info(`demo: ${line}`),
    })
      .catch((err) => log.warn('demo events stopped', { error: (err as Error).message }))
      .finally(() =>
        identity.revokeToken(view.id).catch(() => {
          /* the runtime stopped first */
        }),
      );
  }
  return { url: systems.url, close: () => systems.close() };
}
