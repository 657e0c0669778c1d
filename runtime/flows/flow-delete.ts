import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../store/db.ts';
import { flows, activations, runs, retentionPolicies, webhookSignatures } from '../store/schema.ts';
import { WeftError, ErrorCodes } from '../../shared/errors.ts';

/**
 * Deletes a flow's rows and everything that belongs to it: versions, retention policy, runs with their
 * steps, payloads, actions, recoveries, dedupe keys and remembered webhook signatures. Refused while the
 * flow is active or one of its runs is unfinished (or called by an unfinished run that will read its
 * result). Call inside a transaction.
 */
export function deleteFlowRows(tx: Db, id: string): void {
  if (tx.select().from(activations).where(eq(activations.flowId, id)).get())
    throw new WeftError(ErrorCodes.conflict, `flow "${id}" is active; deactivate it before deleting`);
  const open = tx
    .select({ n: sql<number>`count(*)` })
    .from(runs)
    .where(
      and(
        eq(runs.flowId, id),
        sql`(${runs.finishedAt} IS NULL
    OR EXISTS (SELECT 1 FROM runs p WHERE p.id = ${runs.parentRunId} AND p.finished_at IS NULL))`,
      ),
    )
    .get()!.n;
  if (open > 0)
    throw new WeftError(
      ErrorCodes.conflict,
      `flow "${id}" has ${open} unfinished run(s); let them finish or cancel them before deleting`,
      { details: { unfinishedRuns: open } },
    );
  // A run's steps, payloads, actions, recoveries and dedupe key go with it, and versions with their
  // flow (ON DELETE CASCADE).
  tx.delete(webhookSignatures).where(eq(webhookSignatures.flowId, id)).run();
  tx.delete(runs).where(eq(runs.flowId, id)).run();
  tx.delete(retentionPolicies).where(eq(retentionPolicies.flowId, id)).run();
  tx.delete(flows).where(eq(flows.id, id)).run();
}
