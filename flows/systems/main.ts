/**
 * Runs the five sample systems on one port:
 *   node --import tsx flows/systems/main.ts --port 4100 [--host 127.0.0.1] [--weft http://127.0.0.1:8080] [--secret whsec_…]
 * With a secret (or SYSTEMS_WEBHOOK_SECRET) every event is signed with Standard Webhooks.
 */
import { parseArgs } from 'node:util';
import { startSampleSystems } from './index.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.SYSTEMS_PORT ?? '4100' },
    host: { type: 'string', default: '127.0.0.1' },
    weft: { type: 'string', default: process.env.WEFT_URL },
    secret: { type: 'string', default: process.env.SYSTEMS_WEBHOOK_SECRET || undefined },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (values.help) {
  console.log(
    'usage: node --import tsx flows/systems/main.ts [--port 4100] [--host 127.0.0.1] [--weft http://127.0.0.1:8080] [--secret whsec_…]\n' +
      '  --secret (or SYSTEMS_WEBHOOK_SECRET): sign events with Standard Webhooks under this secret, the one the\n' +
      '  connection sample-systems-webhooks holds in Weft (the example flows refuse unsigned events)',
  );
  process.exit(0);
}

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be a port number, got "${values.port}"`);
  process.exit(2);
}

const signingSecret = values.secret;
if (signingSecret !== undefined && !/^whsec_[A-Za-z0-9+/]+={0,2}$/.test(signingSecret)) {
  console.error('--secret (or SYSTEMS_WEBHOOK_SECRET) must be a Standard Webhooks secret: "whsec_" followed by base64');
  process.exit(2);
}

const systems = await startSampleSystems({
  port,
  host: values.host,
  weftUrl: values.weft,
  delivery: { signingSecret },
});
console.log(systems.url);
console.error(
  `sample systems: ${systems.url}/{crm,clm,psa,erp,billing}` +
    (values.weft
      ? `; events → ${values.weft}/hooks/…, ${signingSecret ? 'signed (Standard Webhooks)' : 'unsigned (no --secret)'}`
      : '; events recorded only (no --weft)'),
);

const stop = (signal: string) => {
  console.error(`sample systems: ${signal}, closing`);
  systems.close().then(() => process.exit(0));
};
process.once('SIGINT', () => stop('SIGINT'));
process.once('SIGTERM', () => stop('SIGTERM'));
