import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../store/db.ts';
import { flows, activations, runs } from '../store/schema.ts';
import type { FlowSummary } from '../../shared/flow-summary.ts';

/** Every flow by name with its latest and active version, its last live run and its live failures since `since`. */
export function listFlows(db: Db, since: number): FlowSummary[] {
  const rows = db
    .select({
      id: flows.id,
      name: flows.name,
      revision: flows.revision,
      updatedAt: flows.updatedAt,
      activeVersion: activations.version,
      latestVersion: sql<number | null>`(SELECT MAX(version) FROM flow_versions v WHERE v.flow_id = ${flows.id})`,
      failures: sql<number>`(SELECT COUNT(*) FROM runs r WHERE r.flow_id = ${flows.id} AND r.status = 'failed' AND r.mode = 'live' AND r.created_at >= ${since})`,
    })
    .from(flows)
    .leftJoin(activations, eq(activations.flowId, flows.id))
    .orderBy(flows.name)
    .all();
  return rows.map((r) => {
    const last = db
      .select({ id: runs.id, status: runs.status, createdAt: runs.createdAt })
      .from(runs)
      .where(and(eq(runs.flowId, r.id), eq(runs.mode, 'live')))
      .orderBy(desc(runs.createdAt))
      .limit(1)
      .get();
    return {
      id: r.id,
      name: r.name,
      revision: r.revision,
      updatedAt: r.updatedAt,
      latestVersion: r.latestVersion ?? null,
      activeVersion: r.activeVersion ?? null,
      lastRun: last ?? null,
      failuresLast24h: r.failures,
    };
  });
}
