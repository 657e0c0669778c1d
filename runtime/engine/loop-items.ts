import type { RunState } from './run-state.ts';

/*
 * A run of a loop body (loops.ts) is named after its parent run, its loop and the index of its (first)
 * item, so starting it twice is one row, and after a restart the loop finds what it already started.
 * Its trigger event carries the body's input and the idempotency key parts its connector steps use.
 */

/** The id of the body run of loop `nodeId` in run `runId` for the item (or batch starting) at `index`. */
export function loopItemRunId(runId: string, nodeId: string, index: number): string {
  return `${runId}.${nodeId}.${index}`;
}

/** The item index a body run id ends with. */
export function itemIndexOf(runId: string): number {
  return Number(runId.slice(runId.lastIndexOf('.') + 1));
}

/** The idempotency key parts of a body run's connector steps: `<base>:<node><suffix>`. */
export interface LoopItemKey {
  base: string;
  suffix: string;
}

/** A body run takes its idempotency key parts from its trigger event (a run of a loop body only). */
export function keyOfLoopItem(rs: RunState): void {
  const key = rs.plan.loopId === null ? undefined : (rs.event.loopKey as LoopItemKey | undefined);
  if (!key || typeof key.base !== 'string' || typeof key.suffix !== 'string') return;
  rs.keyBase = key.base;
  rs.keySuffix = key.suffix;
}
