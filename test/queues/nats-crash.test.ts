import { afterAll, describe, expect, it } from 'vitest';
import { api } from '../support/runtime-process.ts';
import { CrashTarget } from '../support/crash-target.ts';
import { flow } from '../support/flows.ts';
import { eventually } from '../support/poll.ts';
import { natsConnectionInput, type TestJetStream, testJetStream } from './nats-support.ts';

const TOTAL = 1_000;
/** Messages published, then handled before a kill -9, per phase. */
const PHASES = [
  [350, 200],
  [700, 500],
] as const;

describe('kill -9 while a NATS trigger consumes', () => {
  let target: CrashTarget | undefined;
  let server: TestJetStream | undefined;
  afterAll(async () => {
    await target?.close();
    await server?.close();
  });

  it('starts exactly one run per message across two hard kills, losing none', async () => {
    server = await testJetStream();
    const input = await server.stream('in');
    const output = await server.stream('out');
    const durable = `${input.name}_c`;
    target = await CrashTarget.start('nats-crash');
    const t = target;
    expect((await api(t.url, 'POST', '/api/connections', natsConnectionInput('server'))).status).toBe(201);
    const def = flow(
      'nats-crash',
      {
        in: {
          type: 'trigger.nats',
          config: { connection: 'server', stream: input.name, durable, maxInFlight: 50, ackWaitMs: 2_000 },
        },
        send: {
          type: 'connector.nats',
          config: { connection: 'server', subject: `${output.subject}.copy`, body: '=$trigger.body' },
        },
      },
      ['in>send'],
    );
    expect((await api(t.url, 'POST', '/api/flows', def)).status).toBe(201);
    const pub = await api<{ version: number }>(t.url, 'POST', `/api/flows/${def.id}/publish`, {});
    expect(pub.status).toBe(201);
    const act = await api(t.url, 'POST', `/api/flows/${def.id}/activate`, { version: pub.body.version });
    expect(act.status).toBe(200);

    const copies = async () => (await server!.jsm.streams.info(output.name)).state.messages;
    let sent = 0;
    const handledAtKill: number[] = [];
    const publish = async (upTo: number) => {
      for (; sent < upTo; sent++) await server!.publish(`${input.subject}.m`, { i: sent }, `msg-${sent}`);
    };
    // Each phase publishes once the process is up, so each kill lands while messages are in flight. The
    // server is asked every 20 ms: often enough to kill mid-stream, seldom enough to leave the cores to the runtime.
    for (const [upTo, killAt] of PHASES) {
      await publish(upTo);
      const handled = `${killAt} messages handled before the kill`;
      await eventually(async () => (await copies()) >= killAt, handled, 20_000, 20);
      handledAtKill.push(await copies());
      await t.restart();
    }
    await publish(TOTAL);
    await eventually(
      async () => {
        const p = await server!.pending(input.name, durable);
        return (await copies()) >= TOTAL && p.pending === 0 && p.ackPending === 0;
      },
      'every message handled and acknowledged after the restarts',
      25_000,
    );

    console.log(
      `NATS crash test: killed with ${handledAtKill.join(' and ')} of ${PHASES.map((p) => p[0]).join(' and ')} published messages handled`,
    );
    const seen = new Map<number, number>();
    const total = await copies();
    for (let seq = 1; seq <= total; seq++) {
      const m = await server.jsm.streams.getMessage(output.name, { seq });
      const { i } = JSON.parse(m!.string()) as { i: number };
      seen.set(i, (seen.get(i) ?? 0) + 1);
    }
    const twice = [...seen].filter(([, c]) => c > 1).map(([i]) => i);
    expect(twice, 'messages that started more than one run').toEqual([]);
    expect(seen.size).toBe(TOTAL);
    expect(total).toBe(TOTAL);
  }, 90_000);
});
