import { collectDefaultMetrics, Registry } from 'prom-client';

let registry: Registry | null = null;

/**
 * The process's own metrics (prom-client's defaults: event-loop lag, CPU, memory, heap, GC, handles),
 * in one registry per process, made at the first scrape: they describe the process, not a runtime, and
 * every Weft runtime in the process serves the same figures beside its own.
 */
export function processMetrics(): Registry {
  if (!registry) {
    registry = new Registry();
    collectDefaultMetrics({ register: registry });
  }
  return registry;
}
