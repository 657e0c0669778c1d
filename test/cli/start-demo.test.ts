import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startRuntime, killHard, freePort, api, type RuntimeProcess } from '../support/runtime-process.ts';
import { eventually } from '../support/poll.ts';
import { defaultConfig } from '../../runtime/config.ts';

// What `weft start` brings up on an empty data folder: an installation starts clean; the demo (example
// flows, sample systems, a short day of traffic) comes only with --demo (npm start) or WEFT_DEMO=on,
// and WEFT_DEMO=off turns all of it off, even with --demo.
const dir = mkdtempSync(join(tmpdir(), 'weft-start-demo-'));
const exampleIds = readdirSync(fileURLToPath(new URL('../../flows', import.meta.url)))
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.replace(/\.json$/, ''))
  .sort();
let rt: RuntimeProcess | undefined;
let n = 0;

afterEach(async () => {
  if (rt) await killHard(rt);
  rt = undefined;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `weft start` on a new, empty data folder, with the demo settings left as a user leaves them unless given. */
async function start(env: Record<string, string>, args: string[] = []) {
  const demoPort = await freePort();
  rt = await startRuntime(
    join(dir, `data-${++n}`),
    await freePort(),
    { WEFT_DEMO: '', WEFT_EXAMPLES: '', WEFT_DEMO_PORT: String(demoPort), WEFT_LOG_LEVEL: 'info', ...env },
    args,
  );
  return { rt, demoPort };
}

const flowIds = async (url: string) =>
  (await api<{ flows: { id: string }[] }>(url, 'GET', '/api/flows')).body.flows.map((f) => f.id).sort();

/** Whether anything answers HTTP on the sample systems' port (a refused connection says no). */
async function sampleSystemsAnswer(port: number): Promise<boolean> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/erp/admin/stats`);
    return res.ok;
  } catch (err) {
    const code = (err as { cause?: { code?: string } }).cause?.code;
    if (code === 'ECONNREFUSED') return false;
    throw err;
  }
}

describe('weft start on an empty data folder', () => {
  it('starts a clean installation: no flows, no sample systems, no runs', async () => {
    const { rt, demoPort } = await start({});
    expect(await flowIds(rt.url)).toEqual([]);
    expect(await sampleSystemsAnswer(demoPort)).toBe(false);
    expect((await api<{ runs: unknown[] }>(rt.url, 'GET', '/api/runs')).body.runs).toEqual([]);
    expect(rt.output()).toContain('flows:    none yet');
    expect(rt.output()).not.toContain('egress guard: 127.0.0.1');
  });

  it('with --demo loads the example flows, starts the sample systems and plays a day of traffic', async () => {
    const { rt, demoPort } = await start({}, ['--demo']);
    expect(exampleIds.length).toBeGreaterThan(0);
    expect(await flowIds(rt.url)).toEqual(exampleIds);
    expect(await sampleSystemsAnswer(demoPort)).toBe(true);
    await eventually(
      async () => (await api<{ runs: unknown[] }>(rt.url, 'GET', '/api/runs')).body.runs.length > 0,
      'the demo traffic to start a run',
      60_000,
      200,
    );
  }, 90_000);

  it('with WEFT_DEMO=on does the same as --demo', async () => {
    const { rt, demoPort } = await start({ WEFT_DEMO: 'on' });
    expect(await flowIds(rt.url)).toEqual(exampleIds);
    expect(await sampleSystemsAnswer(demoPort)).toBe(true);
  });

  it('with WEFT_DEMO=off loads nothing of the demo, even with --demo', async () => {
    const { rt, demoPort } = await start({ WEFT_DEMO: 'off' }, ['--demo']);
    expect(await flowIds(rt.url)).toEqual([]);
    expect(await sampleSystemsAnswer(demoPort)).toBe(false);
    expect((await api<{ runs: unknown[] }>(rt.url, 'GET', '/api/runs')).body.runs).toEqual([]);
    expect(rt.output()).not.toContain('example flow loaded');
    expect(rt.output()).toContain('no demo: WEFT_DEMO=off');
  });
});

describe('WEFT_DEMO', () => {
  it('is on, off or unset; anything else stops start-up with the reason', () => {
    expect(defaultConfig({}).demoPort).toBeNull();
    expect(defaultConfig({}, { demo: true }).demoPort).toBe(4100);
    expect(defaultConfig({ WEFT_DEMO: 'OFF' }, { demo: true })).toMatchObject({ demoPort: null, examplesDir: null });
    expect(() => defaultConfig({ WEFT_DEMO: 'yes' })).toThrow('WEFT_DEMO must be on or off, got "yes"');
  });
});
