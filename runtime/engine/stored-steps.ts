import type { RunStore, StepRow } from '../store/run-store.ts';
import { isPayloadRef, loadValue, type ValueLoader } from './payloads.ts';

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

  /** Reads a run's step rows, and its payloads kept apart when a row refers to one (else no second read). */
  static async read(
    runs: Pick<RunStore, 'steps' | 'payloads'>,
    runId: string,
    triggerBody: () => unknown,
  ): Promise<StoredSteps> {
    const rows = new Map((await runs.steps(runId)).map((s) => [s.nodeId, s]));
    return StoredSteps.of(rows, runs, runId, triggerBody);
  }

  /** The step data of `rows` (a run's step rows), with the run's payloads read when a row refers to one. */
  static async of(
    rows: ReadonlyMap<string, StepRow>,
    runs: Pick<RunStore, 'payloads'>,
    runId: string,
    triggerBody: () => unknown,
  ): Promise<StoredSteps> {
    let refers = false;
    for (const s of rows.values()) if (isPayloadRef(s.output) || isPayloadRef(s.input)) refers = true;
    const payloads = refers ? await runs.payloads(runId) : null;
    return new StoredSteps(rows, triggerBody, (hash) => payloads?.get(hash));
  }
}
