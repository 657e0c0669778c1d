import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Weft } from '../../runtime/weft.ts';
import { deploy, testWeft } from '../support/weft.ts';
import { until } from '../support/poll.ts';
import { rows } from '../support/rows.ts';
import { silentLogger } from '../../runtime/logger.ts';
import { ChangesPeer, pollFlow } from './changes-peer.ts';

/** The dedupe keys of the flow's runs, one per run ("poll:<node>:<id>:<version>"). */
async function runKeys(weft: Weft, flowId: string): Promise<string[]> {
  const found = await rows<{ key: string | null }>(
    weft,
    'SELECT d.key AS key FROM runs r LEFT JOIN trigger_dedupe d ON d.run_id = r.id WHERE r.flow_id = ?',
    [flowId],
  );
  return found.map((r) => r.key ?? '(no key)').sort();
}

const keyOf = (r: { id: string; version: number }) => `poll:poll:${r.id}:${r.version}`;

async function connect(weft: Weft, peer: ChangesPeer) {
  await weft.connections.create({ id: 'psa', name: 'PSA', baseUrl: peer.url, auth: { type: 'none' } }, null);
}

describe('trigger.poll', () => {
  let peer: ChangesPeer;
  let weft: Weft | undefined;
  let dir = '';
  beforeEach(async () => {
    peer = await ChangesPeer.start();
    dir = mkdtempSync(join(tmpdir(), 'weft-poll-'));
  });
  afterEach(async () => {
    await weft?.close();
    weft = undefined;
    await peer.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('takes records sharing one timestamp across page boundaries, and changed records again', async () => {
    const at = Date.UTC(2026, 1, 1);
    for (let i = 0; i < 12; i++) peer.change(`te-${String(i).padStart(2, '0')}`, at);
    weft = await testWeft();
    await connect(weft, peer);
    await deploy(weft, pollFlow('ties'));
    const want = () => [...peer.records.values()].map(keyOf).sort();
    await until(async () => (await runKeys(weft!, 'ties')).length === 12, '12 runs for 12 records at one time');
    expect(await runKeys(weft, 'ties')).toEqual(want());
    peer.change('te-03', at);
    peer.change('te-03', at + 5);
    peer.change('te-11', at + 5);
    await until(async () => (await runKeys(weft!, 'ties')).length === 14, 'runs for the changed records');
    const keys = await runKeys(weft, 'ties');
    expect(keys).toContain('poll:poll:te-03:3');
    expect(keys).toContain('poll:poll:te-11:2');
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('after a restart goes on from the stored cursor: no record missed, none twice', async () => {
    for (let i = 0; i < 7; i++) peer.change(`a-${i}`);
    weft = await testWeft({ config: { dataDir: dir } });
    await connect(weft, peer);
    await deploy(weft, pollFlow('restart'));
    await until(async () => (await runKeys(weft!, 'restart')).length === 7, '7 runs before the restart');
    await weft.close();
    weft = undefined;
    for (let i = 0; i < 6; i++) peer.change(`b-${i}`);
    peer.change('a-2');
    weft = await testWeft({ config: { dataDir: dir } });
    await until(async () => (await runKeys(weft!, 'restart')).length === 14, '14 runs after the restart');
    const served = [...peer.served].map((s) => `poll:poll:${s.replace('@', ':')}`).sort();
    expect(await runKeys(weft, 'restart')).toEqual(served);
    const last = JSON.stringify({ since: peer.records.get('a-2')!.updatedAt, afterId: 'a-2' });
    await until(
      async () => (await weft!.store.pollCursors.get('restart', 'poll'))?.cursor === last,
      `the cursor at the last change ${last}`,
    );
  });

  it('logs a failing system, keeps the cursor, and takes the records once it answers again', async () => {
    for (let i = 0; i < 3; i++) peer.change(`c-${i}`);
    peer.failNext = 3;
    const warnings: string[] = [];
    const logger = {
      ...silentLogger,
      warn: (msg: string) => void warnings.push(msg),
      child: () => logger,
    };
    weft = await testWeft({ logger });
    await connect(weft, peer);
    await deploy(weft, pollFlow('failing', { intervalMs: 100 }));
    await until(() => warnings.filter((w) => w.startsWith('poll failed')).length >= 1, 'a logged poll failure');
    expect(await weft.store.pollCursors.get('failing', 'poll')).toBeNull();
    await until(async () => (await runKeys(weft!, 'failing')).length === 3, 'the runs once the system answers', 10_000);
    expect(warnings.filter((w) => w.startsWith('poll failed'))).toHaveLength(3);
  });
});
