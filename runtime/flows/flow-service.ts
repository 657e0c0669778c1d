import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../store/db.ts';
import {
  flows,
  flowVersions,
  activations,
  runs,
  steps,
  runPayloads,
  runActions,
  stepRecoveries,
  triggerDedupe,
  retentionPolicies,
  webhookSignatures,
} from '../store/schema.ts';
import type { FlowDefinition } from '../../shared/flow.ts';
import type { FlowProblem } from '../../shared/problems.ts';
import type { FlowSummary, VersionInfo } from '../../shared/flow-summary.ts';

export type { FlowSummary, VersionInfo };
import { WeftError, ErrorCodes } from '../../shared/errors.ts';
import type { NodeLookup } from '../engine/plan.ts';
import { parseDefinition, validateFlow } from './validate-flow.ts';
import { contentHash } from './canonical-json.ts';

/** Drafts, published versions and activations. Every write is one transaction. */
export class FlowService {
  constructor(
    private readonly db: Db,
    private readonly lookup: NodeLookup,
    private readonly now: () => number = Date.now,
  ) {}

  list(): FlowSummary[] {
    const since = this.now() - 86_400_000;
    const rows = this.db
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
      const last = this.db
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

  get(id: string): { definition: FlowDefinition; revision: number; createdAt: number; updatedAt: number } {
    const row = this.db.select().from(flows).where(eq(flows.id, id)).get();
    if (!row) throw new WeftError(ErrorCodes.notFound, `flow "${id}" not found`);
    return {
      definition: row.definition as FlowDefinition,
      revision: row.revision,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
    };
  }

  exists(id: string): boolean {
    return this.db.select({ id: flows.id }).from(flows).where(eq(flows.id, id)).get() !== undefined;
  }

  create(raw: unknown, by: string | null = null): { definition: FlowDefinition; revision: number } {
    const def = this.parse(raw);
    if (this.exists(def.id)) throw new WeftError(ErrorCodes.conflict, `a flow with id "${def.id}" already exists`);
    const now = this.now();
    this.db
      .insert(flows)
      .values({
        id: def.id,
        name: def.name,
        definition: def,
        revision: 1,
        createdBy: by,
        createdAt: now,
        updatedAt: now,
      })
      .run();
    return { definition: def, revision: 1 };
  }

  /** Saves the draft if `revision` is still current; a stale revision is a conflict. */
  update(id: string, raw: unknown, revision: number): { definition: FlowDefinition; revision: number } {
    const def = this.parse(raw);
    if (def.id !== id)
      throw new WeftError(ErrorCodes.badRequest, `the definition's id "${def.id}" does not match the flow "${id}"`, {
        details: { path: 'id' },
      });
    const now = this.now();
    return this.db.transaction((tx) => {
      const row = tx.select({ revision: flows.revision }).from(flows).where(eq(flows.id, id)).get();
      if (!row) throw new WeftError(ErrorCodes.notFound, `flow "${id}" not found`);
      if (row.revision !== revision)
        throw new WeftError(
          ErrorCodes.conflict,
          `the draft was changed by someone else (revision ${row.revision}, you edited ${revision}); reload it and apply your change again`,
          { details: { currentRevision: row.revision } },
        );
      tx.update(flows)
        .set({ name: def.name, definition: def, revision: revision + 1, updatedAt: now })
        .where(eq(flows.id, id))
        .run();
      return { definition: def, revision: revision + 1 };
    });
  }

  /**
   * Deletes the flow with everything that belongs to it, in one transaction: versions, retention policy,
   * runs with their steps, payloads, actions, recoveries and dedupe keys. Refused while the flow is active
   * or one of its runs is unfinished (or called by an unfinished run that will read its result).
   */
  delete(id: string): void {
    this.db.transaction((tx) => {
      if (!tx.select({ id: flows.id }).from(flows).where(eq(flows.id, id)).get())
        throw new WeftError(ErrorCodes.notFound, `flow "${id}" not found`);
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
      const flowRuns = tx.select({ id: runs.id }).from(runs).where(eq(runs.flowId, id));
      for (const table of [steps, runPayloads, runActions, stepRecoveries])
        tx.delete(table).where(inArray(table.runId, flowRuns)).run();
      tx.delete(triggerDedupe).where(eq(triggerDedupe.flowId, id)).run();
      tx.delete(webhookSignatures).where(eq(webhookSignatures.flowId, id)).run();
      tx.delete(runs).where(eq(runs.flowId, id)).run();
      tx.delete(retentionPolicies).where(eq(retentionPolicies.flowId, id)).run();
      tx.delete(flowVersions).where(eq(flowVersions.flowId, id)).run();
      tx.delete(flows).where(eq(flows.id, id)).run();
    });
  }

  /** The static check of the saved draft, or of `definition` (the draft as the designer shows it, not yet saved). */
  validate(id: string, definition?: unknown): FlowProblem[] {
    const saved = this.get(id).definition;
    return validateFlow(definition ?? saved, this.lookup);
  }

  /** Freezes the draft as the next version. Publishing unchanged content returns the existing version. */
  publish(id: string, note?: string, by: string | null = null): { version: VersionInfo; created: boolean } {
    const { definition } = this.get(id);
    const problems = validateFlow(definition, this.lookup).filter((p) => p.severity === 'error');
    if (problems.length)
      throw new WeftError(
        ErrorCodes.invalidFlow,
        `the draft has ${problems.length} problem(s); fix them before publishing`,
        { details: { problems } },
      );
    const hash = contentHash(definition);
    return this.db.transaction((tx) => {
      const latest = tx
        .select()
        .from(flowVersions)
        .where(eq(flowVersions.flowId, id))
        .orderBy(desc(flowVersions.version))
        .limit(1)
        .get();
      if (latest && latest.hash === hash) return { version: this.info(latest), created: false };
      const version = (latest?.version ?? 0) + 1;
      const row = { flowId: id, version, definition, hash, note: note ?? null, createdBy: by, createdAt: this.now() };
      tx.insert(flowVersions).values(row).run();
      return { version: this.info(row), created: true };
    });
  }

  versions(id: string): VersionInfo[] {
    this.get(id);
    return this.db
      .select()
      .from(flowVersions)
      .where(eq(flowVersions.flowId, id))
      .orderBy(desc(flowVersions.version))
      .all()
      .map((r) => this.info(r));
  }

  version(id: string, version: number): FlowDefinition | undefined {
    const row = this.db
      .select({ definition: flowVersions.definition })
      .from(flowVersions)
      .where(and(eq(flowVersions.flowId, id), eq(flowVersions.version, version)))
      .get();
    return row?.definition as FlowDefinition | undefined;
  }

  /** Who created the flow (user email or token name); null for flows from before users existed. */
  createdBy(id: string): string | null {
    return this.db.select({ by: flows.createdBy }).from(flows).where(eq(flows.id, id)).get()?.by ?? null;
  }

  activeVersion(id: string): number | null {
    return (
      this.db.select({ v: activations.version }).from(activations).where(eq(activations.flowId, id)).get()?.v ?? null
    );
  }

  activations(): { flowId: string; version: number }[] {
    return this.db.select({ flowId: activations.flowId, version: activations.version }).from(activations).all();
  }

  /** Makes `version` the one that receives trigger events; `check` may refuse (e.g. a webhook path taken). */
  activate(id: string, version: number, check?: (def: FlowDefinition) => void): void {
    const def = this.version(id, version);
    if (!def) throw new WeftError(ErrorCodes.notFound, `flow "${id}" has no version ${version}`);
    check?.(def);
    this.db
      .insert(activations)
      .values({ flowId: id, version, activatedAt: this.now() })
      .onConflictDoUpdate({ target: activations.flowId, set: { version, activatedAt: this.now() } })
      .run();
  }

  deactivate(id: string): boolean {
    this.get(id);
    return this.db.delete(activations).where(eq(activations.flowId, id)).run().changes > 0;
  }

  private parse(raw: unknown): FlowDefinition {
    const { definition, problems } = parseDefinition(raw);
    if (!definition)
      throw new WeftError(
        ErrorCodes.invalidFlow,
        `the flow definition is not valid: ${problems[0].path}: ${problems[0].message}`,
        { details: { problems } },
      );
    return definition;
  }

  private info(r: {
    flowId: string;
    version: number;
    hash: string;
    note: string | null;
    createdBy?: string | null;
    createdAt: number;
  }): VersionInfo {
    return {
      flowId: r.flowId,
      version: r.version,
      hash: r.hash,
      note: r.note,
      createdBy: r.createdBy ?? null,
      createdAt: r.createdAt,
      active: this.activeVersion(r.flowId) === r.version,
    };
  }
}
