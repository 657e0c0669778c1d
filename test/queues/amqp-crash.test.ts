import { afterAll, describe, expect, it } from 'vitest';
import { api } from '../support/runtime-process.ts';
import { CrashTarget } from '../support/crash-target.ts';
import { flow } from '../support/flows.ts';
import { eventually } from '../support/poll.ts';
import { amqpConnectionInput, runsOf, type TestBroker, testBroker } from './amqp-support.ts';

const TOTAL = 1000;

interface RunsPage {
  runs: unknown[];
  next: string | null;
}

/** Succeeded runs of a flow, as the runtime lists them (page by page). */
async function succeededRuns(url: string, flowId: string): Promise<number> {
  let n = 0;
  let before: string | null = null;
  do {
    const query = `flowId=${flowId}&status=succeeded&limit=500${before ? `&before=${before}` : ''}`;
    const page: { body: RunsPage } = await api<RunsPage>(url, 'GET', `/api/runs?${query}`);
    n += page.body.runs.length;
    before = page.body.next;
  } while (before);
  return n;
}

describe('trigger.amqp with the runtime killed (SIGKILL) twice mid-stream', () => {
  let broker: TestBroker | undefined;
  let target: CrashTarget | undefined;
  afterAll(async () => {
    await target?.close();
    await broker?.close();
  });

  it('starts exactly one run per message and loses none', async () => {
    broker = await testBroker();
    const queue = broker.name('load');
    await broker.channel.assertQueue(queue, { durable: true, arguments: {} });
    for (let i = 0; i < TOTAL; i++)
      broker.channel.publish('', queue, Buffer.from(JSON.stringify({ i })), {
        messageId: `load-${i}`,
        contentType: 'application/json',
        persistent: true,
      });
    await broker.channel.waitForConfirms();

    target = await CrashTarget.start('amqp-crash');
    const t = target;
    expect((await api(t.url, 'POST', '/api/connections', amqpConnectionInput('broker'))).status).toBe(201);
    const def = flow(
      'load',
      { in: { type: 'trigger.amqp', config: { connection: 'broker', queue, prefetch: 50 } } },
      [],
    );
    expect((await api(t.url, 'POST', '/api/flows', def)).status).toBe(201);
    const pub = await api<{ version: number }>(t.url, 'POST', '/api/flows/load/publish', {});
    expect(pub.status).toBe(201);
    expect((await api(t.url, 'POST', '/api/flows/load/activate', { version: pub.body.version })).status).toBe(200);

    // Killed once the queue has gone below each mark, while messages are still being taken. The broker is
    // asked every 20 ms: often enough to kill mid-stream, seldom enough to leave the cores to the runtime.
    for (const mark of [TOTAL * 0.7, TOTAL * 0.35]) {
      await eventually(async () => (await broker!.count(queue)) < mark, `the queue below ${mark}`, 20_000, 20);
      await t.restart();
    }
    // An empty queue is not enough: up to a prefetch of messages may be delivered and not yet acknowledged,
    // and the runtime is killed next. It is stopped once every message has a finished run.
    await eventually(
      async () =>
        (await broker!.count(queue)) === 0 &&
        (await broker!.consumers(queue)) === 1 &&
        (await succeededRuns(t.url, 'load')) >= TOTAL,
      `the queue drained and ${TOTAL} runs succeeded`,
      20_000,
    );

    const weft = await t.open();
    try {
      const runs = await runsOf(weft, 'load');
      const keys = new Set(runs.map((r) => r.dedupeKey));
      const redelivered = runs.filter((r) => (JSON.parse(r.trigger) as { redelivered: boolean }).redelivered).length;
      console.log(`amqp crash test: ${runs.length} runs, ${redelivered} from redelivered messages`);
      expect(keys.size).toBe(TOTAL);
      expect(runs).toHaveLength(TOTAL);
      for (let i = 0; i < TOTAL; i++) expect(keys.has(`amqp:in:load-${i}`), `message ${i}`).toBe(true);
    } finally {
      await weft.close();
    }
  }, 60_000);
});
