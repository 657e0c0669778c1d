import type { FlowStore } from '../store/flow-store.ts';
import { WeftError, ErrorCodes } from '../../shared/errors.ts';

/**
 * Deletes a flow's rows and everything that belongs to it: versions, retention policy, runs with their
 * steps, payloads, actions, recoveries and dedupe keys, and remembered webhook signatures. Refused while
 * the flow is active or one of its runs is unfinished (or called by an unfinished run that will read its
 * result). Call with a write's `tx.flows`.
 */
export async function deleteFlowRows(flows: FlowStore, id: string): Promise<void> {
  if ((await flows.activeVersion(id)) !== null)
    throw new WeftError(ErrorCodes.conflict, `flow "${id}" is active; deactivate it before deleting`);
  const open = await flows.unfinishedRuns(id);
  if (open > 0)
    throw new WeftError(
      ErrorCodes.conflict,
      `flow "${id}" has ${open} unfinished run(s); let them finish or cancel them before deleting`,
      { details: { unfinishedRuns: open } },
    );
  await flows.deleteWithRuns(id);
}
