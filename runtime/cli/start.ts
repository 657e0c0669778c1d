import { parseArgs } from 'node:util';
import { startServer } from '../server.ts';
import { databaseUrl, defaultConfig, sampleSystemsEgress } from '../config.ts';
import { designerBuilt } from '../api/app.ts';
import { startDemo, type RunningDemo } from './demo.ts';
import { describeDurability } from '../store/durability.ts';
import { boundHeapGrowth } from './heap.ts';

export async function startCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      data: { type: 'string' },
      database: { type: 'string' },
      demo: { type: 'boolean' },
    },
    strict: true,
  });
  boundHeapGrowth();
  // The demo (example flows, sample systems, a day of traffic) only when asked for: --demo or WEFT_DEMO=on.
  const config = defaultConfig(process.env, { demo: values.demo });
  if (values.port !== undefined) {
    const p = Number(values.port);
    if (!Number.isInteger(p) || p < 0 || p > 65535)
      throw new Error(`--port must be a port number, got "${values.port}"`);
    config.port = p;
  }
  if (values.host) config.host = values.host;
  if (values.data) config.dataDir = values.data;
  if (values.database !== undefined) config.databaseUrl = databaseUrl(values.database, '--database');

  // The sample systems listen on loopback, which the egress guard denies: their port (only) is opened
  // before the engine resumes any run, and closed again if they do not start.
  const demoEgress = config.demoPort === null ? null : sampleSystemsEgress(config.demoPort);
  if (demoEgress) config.egressAllow = [...config.egressAllow, demoEgress];
  const server = await startServer({ config });
  const { weft } = server;
  const { durability } = weft;
  weft.logger.info('weft is listening', {
    url: server.url,
    dataDir: config.dataDir,
    store: durability,
    guarantee: describeDurability(durability),
  });
  let demo: RunningDemo | null = null;
  if (config.demoPort !== null) {
    try {
      demo = await startDemo(server, config.demoPort);
      weft.logger.info(`egress guard: ${demoEgress} allowed for the sample systems (WEFT_DEMO=off closes it)`, {
        allow: demoEgress,
      });
    } catch (err) {
      weft.egress.withdraw(demoEgress!);
      weft.logger.warn('sample systems not started (set WEFT_DEMO=off to skip them)', {
        port: config.demoPort,
        error: (err as Error).message,
      });
    }
  }
  console.log(
    `Weft is running.\n  designer: ${server.url}/${designerBuilt() ? '' : '  (not built: npm run build)'}\n  API:      ${server.url}/api/openapi.json\n  webhooks: ${server.url}/hooks/<path>\n  store:    ${describeDurability(durability)}` +
      (demo
        ? `\n  sample systems (CRM, CLM, PSA, ERP, billing): ${demo.url}/{crm,clm,psa,erp,billing}; more events: npm run demo:traffic (in a source checkout)` +
          `\n  egress: connectors may reach ${demoEgress} (the sample systems) besides public addresses; WEFT_DEMO=off closes it`
        : (await weft.flows.list()).length === 0
          ? `\n  flows:    none yet (draw one in the designer; ${values.demo ? 'no demo: WEFT_DEMO=off' : '--demo on an empty data folder loads the example flows'})`
          : ''),
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    weft.logger.info('shutting down', { signal });
    await demo?.close();
    await server.close(config.shutdownGraceMs);
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  return -1;
}
