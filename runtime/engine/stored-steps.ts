import type { StepRow } from '../store/run-store.ts';
import { loadValue, type ValueLoader } from './payloads.ts';

/**
 * The step data of a stored run, read back. A stored value may refer to the trigger body or to the
 * output of another step (payloads.ts); a referred output is read first, once, so the reference
 * resolves to that very object whatever order the steps are read in.
 */
export class StoredSteps {
  private readonly outputs = new Map<string, unknown>();
  private readonly reading = new Set<string>();
  private readonly loader: ValueLoader;

  constructor(
    readonly rows: ReadonlyMap<string, StepRow>,
    triggerBody: () => unknown,
    payload: (hash: string) => string | undefined,
  ) {
    this.loader = { trigger: triggerBody, step: (id) => this.output(id), payload };
  }

  /** What a step stored as its output: its result when it succeeded, what it waits for when waiting; else undefined. */
  output(nodeId: string): unknown {
    if (this.outputs.has(nodeId)) return this.outputs.get(nodeId);
    const row = this.rows.get(nodeId);
    if (!row || (row.status !== 'succeeded' && row.status !== 'waiting') || this.reading.has(nodeId)) return undefined;
    this.reading.add(nodeId);
    const value = loadValue(row.output, this.loader);
    this.reading.delete(nodeId);
    this.outputs.set(nodeId, value);
    return value;
  }

  /** The input a step stored (an operator's edit, or an input that was not a single predecessor's output); undefined when none. */
  input(nodeId: string): unknown {
    return loadValue(this.rows.get(nodeId)?.input ?? null, this.loader);
  }
}
