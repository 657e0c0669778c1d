import { afterEach, describe, expect, it } from 'vitest';
import { startSampleSystems, type StartedSampleSystems } from '../../flows/systems/index.ts';
import type { Weft } from '../../runtime/weft.ts';
import { deploy, testWeft } from '../support/weft.ts';
import { until } from '../support/poll.ts';
import { rows } from '../support/rows.ts';
import { pollFlow } from './changes-peer.ts';

const entry = (consultant: string) => ({
  projectCode: 'NW-1',
  consultant,
  role: 'consultant',
  date: '2025-06-02',
  hours: 4,
});

describe('trigger.poll on the sample PSA', () => {
  let sys: StartedSampleSystems | undefined;
  let weft: Weft | undefined;
  afterEach(async () => {
    await weft?.close();
    await sys?.close();
  });

  it('takes every time entry once, ties at one time across pages (TE-9 before TE-10), and approvals as new versions', async () => {
    let t = Date.parse('2025-06-02T09:00:00Z');
    sys = await startSampleSystems({ port: 0, now: () => t, crmRateLimit: false });
    const post = async (path: string, body?: unknown) => {
      const res = await fetch(`${sys!.url}/psa/v1${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      expect(res.status, `POST ${path}`).toBeLessThan(300);
      return (await res.json()) as { id: string; version: number };
    };
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) ids.push((await post('/time-entries', entry(`c${i}`))).id);
    weft = await testWeft();
    await weft.connections.create({ id: 'psa', name: 'PSA', baseUrl: sys.url, auth: { type: 'none' } }, null);
    await deploy(
      weft,
      pollFlow('psa', {
        request: {
          path: '/psa/v1/time-entries/changes',
          query: { since: '{{cursor.since}}', afterId: '{{cursor.afterId}}', limit: '{{limit}}' },
        },
        records: 'timeEntries',
        limit: 5,
      }),
    );
    const keys = async () =>
      (
        await rows<{ key: string }>(weft!, 'SELECT key FROM trigger_dedupe WHERE flow_id = ? ORDER BY key', ['psa'])
      ).map((r) => r.key);
    await until(async () => (await keys()).length === 12, '12 runs for 12 entries created at one time');
    expect(await keys()).toEqual(ids.map((id) => `poll:poll:${id}:1`).sort());
    t += 60_000;
    const approved = await post(`/time-entries/${ids[9]}/approve`);
    await until(async () => (await keys()).length === 13, 'a run for the approved entry');
    expect(approved.version).toBeGreaterThan(1);
    expect(await keys()).toContain(`poll:poll:${ids[9]}:${approved.version}`);
  });
});
