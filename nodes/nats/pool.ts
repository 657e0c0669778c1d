import type { NatsConnection } from '@nats-io/transport-node';
import type { ConnectionCredentials } from '../define-node.ts';
import { openNats } from './client.ts';

/** One server connection per Weft connection, shared by every publishing step of this process. */
const pool = new Map<string, Promise<NatsConnection>>();

const keyOf = (c: ConnectionCredentials) => `${c.id}\n${c.url.href}\n${c.username ?? ''}`;

/** The process's connection for a Weft connection, opened on first use and again after it was lost. */
export function natsConnection(creds: ConnectionCredentials): Promise<NatsConnection> {
  const key = keyOf(creds);
  const pooled = pool.get(key);
  if (pooled) return pooled;
  const forget = () => {
    if (pool.get(key) === entry) pool.delete(key);
  };
  const entry = openNats(creds).then((nc) => {
    // A lost connection is opened again by the next publish; its error is that publish's (retryable) failure.
    void nc.closed().then(forget);
    return nc;
  });
  entry.catch(forget);
  pool.set(key, entry);
  return entry;
}

/** Closes every pooled connection (at shutdown). */
export async function closeNatsPool(): Promise<void> {
  const all = [...pool.values()];
  pool.clear();
  await Promise.all(all.map((p) => p.then((nc) => nc.drain()).catch(() => {})));
}
