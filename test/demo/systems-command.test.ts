import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { startServer, type RunningServer } from '../../runtime/server.ts';
import { loadExampleFlows } from '../../runtime/flows/examples.ts';
import { silentLogger } from '../../runtime/logger.ts';
import { sampleSystemsEgress } from '../../runtime/config.ts';
import { newStandardWebhooksSecret, SAMPLE_WEBHOOKS_CONNECTION } from '../../runtime/flows/example-webhook-secret.ts';
import { ADMIN_TOKEN } from '../support/auth.ts';
import { until } from '../support/poll.ts';
import { runsOf } from './stack.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const CRM = '/crm/services/data/v59.0/sobjects';

let server: RunningServer;
let child: ChildProcess;
let systemsUrl = '';
const secret = newStandardWebhooksSecret();

/** `npm run demo:systems -- --port 0 --weft <url> --secret <secret>`; resolves with the URL it prints. */
async function startSystems(weftUrl: string): Promise<string> {
  child = spawn(
    process.execPath,
    ['--import', 'tsx', 'flows/systems/main.ts', '--port', '0', '--weft', weftUrl, '--secret', secret],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, SYSTEMS_WEBHOOK_SECRET: '' } },
  );
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (err += d));
  await until(
    () => /^http:\/\/\S+\n/.test(out) && /signed \(Standard Webhooks\)/.test(err),
    'the systems to start',
    30_000,
  );
  return out.trim();
}

beforeAll(async () => {
  server = await startServer({
    config: {
      port: 0,
      host: '127.0.0.1',
      dataDir: ':memory:',
      examplesDir: null,
      demoPort: null,
      logLevel: 'silent',
      bootstrapToken: ADMIN_TOKEN,
    },
    logger: silentLogger,
    schedules: false,
  });
  systemsUrl = await startSystems(server.url);
  server.weft.egress.allow(sampleSystemsEgress(Number(new URL(systemsUrl).port)));
  // The secret given to the systems is the one the example flows' connection holds.
  await server.weft.connections.create({
    id: SAMPLE_WEBHOOKS_CONNECTION,
    name: "Sample systems' webhook signatures",
    baseUrl: systemsUrl,
    auth: { type: 'api_key', key: secret },
  });
  expect(await loadExampleFlows(server.weft, fileURLToPath(new URL('../../flows', import.meta.url)), systemsUrl)).toBe(
    8,
  );
}, 60_000);
afterAll(async () => {
  if (child && child.exitCode === null) {
    child.kill('SIGTERM');
    await once(child, 'exit');
  }
  await server?.close(1000);
});

describe('npm run demo:systems with a secret', () => {
  it('signs the systems’ events, and the example flow accepts and runs them', async () => {
    const res = await fetch(`${systemsUrl}${CRM}/Opportunity/OPP-2001`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', 'x-client-id': 'test' },
      body: JSON.stringify({ StageName: 'Closed Won' }),
    });
    expect(res.ok, `the CRM answered ${res.status}`).toBe(true);
    const [run] = await until(
      async () => {
        const runs = await runsOf(server.weft, 'opportunity-won');
        return runs.length > 0 && runs[0]!.status !== 'running' ? runs : null;
      },
      'the opportunity-won run to finish',
      20_000,
    );
    expect(run!.status, run!.error ?? '').toBe('succeeded');
    const stats = await (await fetch(`${systemsUrl}/crm/admin/stats`)).json();
    expect(stats.events).toEqual([expect.objectContaining({ path: 'crm/opportunity-won', status: 202 })]);
  });

  it('refuses a secret that is not a Standard Webhooks secret, naming the option', () => {
    let out = '';
    let code = 0;
    try {
      execFileSync(process.execPath, ['--import', 'tsx', 'flows/systems/main.ts', '--secret', 'not-a-secret'], {
        cwd: root,
        encoding: 'utf8',
        stdio: 'pipe',
      });
    } catch (e) {
      const err = e as { status: number; stderr: string };
      code = err.status;
      out = err.stderr;
    }
    expect(code).toBe(2);
    expect(out).toMatch(/--secret \(or SYSTEMS_WEBHOOK_SECRET\) must be a Standard Webhooks secret/);
  });
});
