/**
 * Runs the five sample systems on one port:
 *   node --import tsx flows/systems/main.ts --port 4100 [--host 127.0.0.1] [--weft http://127.0.0.1:8080]
 */
import { parseArgs } from 'node:util';
import { startSampleSystems } from './index.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.SYSTEMS_PORT ?? '4100' },
    host: { type: 'string', default: '127.0.0.1' },
    weft: { type: 'string', default: process.env.WEFT_URL },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (values.help) {
  console.log(
    'usage: node --import tsx flows/systems/main.ts [--port 4100] [--host 127.0.0.1] [--weft http://127.0.0.1:8080]',
  );
  process.exit(0);
}

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be a port number, got "${values.port}"`);
  process.exit(2);
}

const systems = await startSampleSystems({ port, host: values.host, weftUrl: values.weft });
console.log(systems.url);
console.error(
  `sample systems: ${systems.url}/{crm,clm,psa,erp,billing}` +
    (values.weft ? `; events → ${values.weft}/hooks/…` : '; events recorded only (no --weft)'),
);

const stop = (signal: string) => {
  console.error(`sample systems: ${signal}, closing`);
  systems.close().then(() => process.exit(0));
};
process.once('SIGINT', () => stop('SIGINT'));
process.once('SIGTERM', () => stop('SIGTERM'));
