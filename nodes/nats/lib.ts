type Transport = typeof import('@nats-io/transport-node');
type JetStream = typeof import('@nats-io/jetstream');

let loading: Promise<{ transport: Transport; js: JetStream }> | null = null;

/**
 * The NATS client, loaded the first time a NATS step or trigger needs it: a runtime without one carries
 * none of it in memory.
 */
export function natsLib(): Promise<{ transport: Transport; js: JetStream }> {
  loading ??= Promise.all([import('@nats-io/transport-node'), import('@nats-io/jetstream')]).then(
    ([transport, js]) => ({ transport, js }),
  );
  return loading;
}
