import amqp, { type ChannelModel, type ConfirmChannel } from 'amqplib';
import { randomUUID } from 'node:crypto';
import type { Weft } from '../../runtime/weft.ts';
import type { RunRow } from '../../runtime/store/run-store.ts';

export const BROKER_URL = 'amqp://guest:guest@127.0.0.1:5672';

/** The Weft connection to the test broker. */
export const amqpConnectionInput = (id: string) => ({
  id,
  name: `RabbitMQ ${id}`,
  baseUrl: 'amqp://127.0.0.1:5672',
  auth: { type: 'basic' as const, username: 'guest', password: 'guest' },
  allowPrivate: true,
});

/** A test's own broker handle: uniquely named queues and exchanges, all deleted by `close`. */
export interface TestBroker {
  connection: ChannelModel;
  channel: ConfirmChannel;
  name(what: string): string;
  publish(exchange: string, routingKey: string, body: unknown, options?: amqp.Options.Publish): Promise<void>;
  /** Ready messages of a queue. */
  count(queue: string): Promise<number>;
  /** Consumers of a queue, 0 while it does not exist. */
  consumers(queue: string): Promise<number>;
  /** The messages of a queue, taken off it. */
  drain(queue: string): Promise<amqp.GetMessage[]>;
  close(): Promise<void>;
}

export async function testBroker(): Promise<TestBroker> {
  const connection = await amqp.connect(BROKER_URL);
  const channel = await connection.createConfirmChannel();
  const prefix = `weft-test-${randomUUID().slice(0, 8)}`;
  const queues = new Set<string>();
  const exchanges = new Set<string>();
  return {
    connection,
    channel,
    name(what) {
      const n = `${prefix}.${what}`;
      if (what.startsWith('x-')) exchanges.add(n);
      else {
        queues.add(n);
        queues.add(`${n}.dead-letter`);
      }
      return n;
    },
    async publish(exchange, routingKey, body, options = {}) {
      const content = Buffer.isBuffer(body) ? body : Buffer.from(JSON.stringify(body));
      channel.publish(exchange, routingKey, content, { contentType: 'application/json', ...options });
      await channel.waitForConfirms();
    },
    async count(queue) {
      return (await channel.checkQueue(queue)).messageCount;
    },
    async consumers(queue) {
      const ch = await connection.createChannel();
      ch.on('error', () => {});
      try {
        return (await ch.checkQueue(queue)).consumerCount;
      } catch {
        return 0;
      } finally {
        await ch.close().catch(() => {});
      }
    },
    async drain(queue) {
      const out: amqp.GetMessage[] = [];
      for (let m = await channel.get(queue, { noAck: true }); m; m = await channel.get(queue, { noAck: true }))
        out.push(m);
      return out;
    },
    async close() {
      // A missing queue closes the channel that asked: one channel per deletion.
      const remove = async (f: (ch: amqp.Channel) => Promise<unknown>) => {
        const ch = await connection.createChannel();
        ch.on('error', () => {});
        await f(ch).catch(() => {});
        await ch.close().catch(() => {});
      };
      for (const q of queues) await remove((ch) => ch.deleteQueue(q));
      for (const x of exchanges) await remove((ch) => ch.deleteExchange(x));
      await connection.close().catch(() => {});
    },
  };
}

export async function runsOf(weft: Weft, flowId: string): Promise<RunRow[]> {
  const all = await Promise.all(
    (['running', 'succeeded', 'failed'] as const).map((s) => weft.store.runs.runsWithStatus(s)),
  );
  return all.flat().filter((r) => r.flowId === flowId);
}
