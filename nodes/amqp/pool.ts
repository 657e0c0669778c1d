import type { ChannelModel, ConfirmChannel } from 'amqplib';
import type { ConnectionCredentials } from '../define-node.ts';
import { amqpError, openAmqp } from './client.ts';

/** One broker connection and its confirm channel, shared by every publishing step of a Weft connection. */
interface Pooled {
  connection: ChannelModel;
  channel: ConfirmChannel;
}

const pool = new Map<string, Promise<Pooled>>();

const keyOf = (c: ConnectionCredentials) => `${c.id}\n${c.url.href}\n${c.username ?? ''}`;

async function open(creds: ConnectionCredentials, forget: () => void): Promise<Pooled> {
  const connection = await openAmqp(creds);
  // A lost connection is opened again by the next publish; its error is that publish's (retryable) failure.
  connection.on('error', forget);
  connection.on('close', forget);
  try {
    const channel = await connection.createConfirmChannel();
    channel.on('error', () => {});
    channel.on('close', () => {
      forget();
      void connection.close().catch(() => {});
    });
    return { connection, channel };
  } catch (err) {
    forget();
    await connection.close().catch(() => {});
    throw amqpError(err, `RabbitMQ connection "${creds.id}"`);
  }
}

/** The process's confirm channel for a connection, opened on first use and again after it was lost. */
export function confirmChannel(creds: ConnectionCredentials): Promise<ConfirmChannel> {
  const key = keyOf(creds);
  let p = pool.get(key);
  if (!p) {
    const forget = () => {
      if (pool.get(key) === entry) pool.delete(key);
    };
    const entry = open(creds, forget);
    entry.catch(forget);
    pool.set(key, entry);
    p = entry;
  }
  return p.then((e) => e.channel);
}

/** Closes every pooled connection (at shutdown). */
export async function closeAmqpPool(): Promise<void> {
  const all = [...pool.values()];
  pool.clear();
  await Promise.all(all.map((p) => p.then((e) => e.connection.close()).catch(() => {})));
}
