import { randomUUID } from 'node:crypto';
import { connect, headers as natsHeaders, type NatsConnection } from '@nats-io/transport-node';
import { type JetStreamClient, type JetStreamManager, jetstream, jetstreamManager } from '@nats-io/jetstream';

export const NATS_SERVER = '127.0.0.1:4222';

/** The Weft connection to the test server. */
export const natsConnectionInput = (id: string) => ({
  id,
  name: `NATS ${id}`,
  baseUrl: 'nats://127.0.0.1:4222',
  auth: { type: 'none' as const },
  allowPrivate: true,
});

/** A test's own JetStream handle: uniquely named streams (subjects "<prefix>.<what>.>"), all deleted by `close`. */
export interface TestJetStream {
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
  /** Creates a stream capturing "<prefix>.<what>.>", returning its name and subject root. */
  stream(what: string, duplicateWindowMs?: number): Promise<{ name: string; subject: string }>;
  publish(subject: string, body: unknown, msgId?: string, hdrs?: Record<string, string>): Promise<void>;
  /** Messages not yet acknowledged by the consumer, and not yet delivered. */
  pending(stream: string, consumer: string): Promise<{ ackPending: number; pending: number }>;
  close(): Promise<void>;
}

export async function testJetStream(): Promise<TestJetStream> {
  const nc = await connect({ servers: NATS_SERVER });
  const jsm = await jetstreamManager(nc);
  const js = jetstream(nc);
  const prefix = `weft_test_${randomUUID().slice(0, 8)}`;
  const streams: string[] = [];
  return {
    nc,
    js,
    jsm,
    async stream(what, duplicateWindowMs = 120_000) {
      const name = `${prefix}_${what}`;
      const subject = `${prefix}.${what}`;
      await jsm.streams.add({ name, subjects: [`${subject}.>`], duplicate_window: duplicateWindowMs * 1_000_000 });
      streams.push(name);
      return { name, subject };
    },
    async publish(subject, body, msgId, hdrs = {}) {
      const h = natsHeaders();
      for (const [k, v] of Object.entries(hdrs)) h.set(k, v);
      const data = typeof body === 'string' ? body : JSON.stringify(body);
      await js.publish(subject, data, { headers: h, ...(msgId ? { msgID: msgId } : {}) });
    },
    async pending(stream, consumer) {
      const i = await jsm.consumers.info(stream, consumer);
      return { ackPending: i.num_ack_pending, pending: i.num_pending };
    },
    async close() {
      for (const s of streams) await jsm.streams.delete(s).catch(() => {});
      await nc.close().catch(() => {});
    },
  };
}
