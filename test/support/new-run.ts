import type { NewRun } from '../../runtime/store/run-store.ts';

/** A live run of flow "orders" as a store test inserts it: running, made at `createdAt`; `o` changes any column. */
export const newRun = (id: string, createdAt: number, o: Partial<NewRun> = {}): NewRun => ({
  id,
  flowId: 'orders',
  version: 1,
  mode: 'live',
  status: 'running',
  triggerNode: 'in',
  trigger: '{}',
  createdAt,
  updatedAt: createdAt,
  ...o,
});
