import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '../store/db.ts';
import { flows, flowVersions, activations } from '../store/schema.ts';
import type { FlowDefinition } from '../../shared/flow.ts';
import type { FlowProblem } from '../../shared/problems.ts';
import type { FlowSummary, VersionInfo } from '../../shared/flow-summary.ts';

export type { FlowSummary, VersionInfo };
import { WeftError, ErrorCodes } from '../../shared/errors.ts';
import type { NodeLookup } from '../engine/plan.ts';
import { parseDefinition, validateFlow } from './validate-flow.ts';
import { contentHash } from './canonical-json.ts';
import type { Actor, AuditLog } from '../security/audit.ts';
import { draftChanges } from '../security/audit-changes.ts';
import { deleteFlowRows } from './flow-delete.ts';
import { listFlows } from './flow-list.ts';

/** What the rest of the runtime does when flows change (after the change is committed). */
export interface FlowEvents {
  /** May refuse to activate `def` (e.g. its webhook path is taken by another flow) by throwing. */
  checkActivation?(flowId: string, def: FlowDefinition): void;
  /** Which version of which flow is active changed (triggers follow). */
  activationsChanged?(): void;
  /** The flow is gone (plans built from its versions are dropped). */
  deleted?(flowId: string): void;
}

/**
 * Drafts, published versions and activations. Every write is one transaction holding the change and its
 * audit entry; `actor` is who made it (null: the runtime itself, e.g. loading the example flows).
 */
export class FlowService {
  constructor(
    private readonly db: Db,
    private readonly lookup: NodeLookup,
    private readonly audit: AuditLog,
    private readonly now: () => number = Date.now,
    private readonly events: FlowEvents = {},
  ) {}

  /** Every flow with its status, last live run and failures of the last 24 hours. */
  list(): FlowSummary[] {
    return listFlows(this.db, this.now() - 86_400_000);
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

  create(raw: unknown, actor: Actor | null = null): { definition: FlowDefinition; revision: number } {
    const def = this.parse(raw);
    const now = this.now();
    return this.write(() => {
      if (this.exists(def.id)) throw new WeftError(ErrorCodes.conflict, `a flow with id "${def.id}" already exists`);
      this.db
        .insert(flows)
        .values({
          id: def.id,
          name: def.name,
          definition: def,
          revision: 1,
          createdBy: actor?.id ?? null,
          createdAt: now,
          updatedAt: now,
        })
        .run();
      this.audit.record({
        actor,
        action: 'flow.created',
        target: def.id,
        after: { name: def.name, revision: 1, nodes: def.nodes.length },
      });
      return { definition: def, revision: 1 };
    });
  }

  /** Saves the draft if `revision` is still current; a stale revision is a conflict. */
  update(
    id: string,
    raw: unknown,
    revision: number,
    actor: Actor | null = null,
  ): { definition: FlowDefinition; revision: number } {
    const def = this.parse(raw);
    if (def.id !== id)
      throw new WeftError(ErrorCodes.badRequest, `the definition's id "${def.id}" does not match the flow "${id}"`, {
        details: { path: 'id' },
      });
    const now = this.now();
    return this.write(() => {
      const before = this.get(id);
      if (before.revision !== revision)
        throw new WeftError(
          ErrorCodes.conflict,
          `the draft was changed by someone else (revision ${before.revision}, you edited ${revision}); reload it and apply your change again`,
          { details: { currentRevision: before.revision } },
        );
      this.db
        .update(flows)
        .set({ name: def.name, definition: def, revision: revision + 1, updatedAt: now })
        .where(eq(flows.id, id))
        .run();
      const saved = { definition: def, revision: revision + 1 };
      this.audit.record({ actor, action: 'flow.edited', target: id, ...draftChanges(before, saved) });
      return saved;
    });
  }

  /** Deletes the flow with everything that belongs to it (flow-delete.ts), in one transaction with its audit entry. */
  delete(id: string, actor: Actor | null = null): void {
    this.write(() => {
      const before = this.get(id);
      deleteFlowRows(this.db, id);
      this.audit.record({
        actor,
        action: 'flow.deleted',
        target: id,
        before: { name: before.definition.name, revision: before.revision, definition: before.definition },
      });
    });
    this.events.deleted?.(id);
  }

  /** The static check of the saved draft, or of `definition` (the draft as the designer shows it, not yet saved). */
  validate(id: string, definition?: unknown): FlowProblem[] {
    const saved = this.get(id).definition;
    return validateFlow(definition ?? saved, this.lookup);
  }

  /** Freezes the draft as the next version. Publishing unchanged content returns the existing version. */
  publish(id: string, note?: string, actor: Actor | null = null): { version: VersionInfo; created: boolean } {
    const { definition } = this.get(id);
    const problems = validateFlow(definition, this.lookup).filter((p) => p.severity === 'error');
    if (problems.length)
      throw new WeftError(
        ErrorCodes.invalidFlow,
        `the draft has ${problems.length} problem(s); fix them before publishing`,
        { details: { problems } },
      );
    const hash = contentHash(definition);
    return this.write(() => {
      const latest = this.db
        .select()
        .from(flowVersions)
        .where(eq(flowVersions.flowId, id))
        .orderBy(desc(flowVersions.version))
        .limit(1)
        .get();
      if (latest && latest.hash === hash) return { version: this.info(latest), created: false };
      const version = (latest?.version ?? 0) + 1;
      const row = {
        flowId: id,
        version,
        definition,
        hash,
        note: note ?? null,
        createdBy: actor?.name ?? null,
        createdAt: this.now(),
      };
      this.db.insert(flowVersions).values(row).run();
      this.audit.record({ actor, action: 'flow.published', target: id, after: { version, hash, note: row.note } });
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

  /**
   * The id of the principal (user or API token) that created the flow: analysts read the runs of the
   * flows they own. Null for flows the runtime created (example flows) or from before users existed.
   */
  ownerOf(id: string): string | null {
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

  /** Makes `version` the one that receives trigger events (rollback: an older one); events.checkActivation may refuse. */
  activate(id: string, version: number, actor: Actor | null = null): void {
    const def = this.version(id, version);
    if (!def) throw new WeftError(ErrorCodes.notFound, `flow "${id}" has no version ${version}`);
    this.events.checkActivation?.(id, def);
    this.write(() => {
      const previous = this.activeVersion(id);
      this.db
        .insert(activations)
        .values({ flowId: id, version, activatedAt: this.now() })
        .onConflictDoUpdate({ target: activations.flowId, set: { version, activatedAt: this.now() } })
        .run();
      this.audit.record({
        actor,
        action: 'flow.activated',
        target: id,
        before: { activeVersion: previous },
        after: { activeVersion: version },
      });
    });
    this.events.activationsChanged?.();
  }

  /** Stops the flow receiving trigger events; false when it was not active. */
  deactivate(id: string, actor: Actor | null = null): boolean {
    const changed = this.write(() => {
      this.get(id);
      const previous = this.activeVersion(id);
      if (this.db.delete(activations).where(eq(activations.flowId, id)).run().changes === 0) return false;
      this.audit.record({
        actor,
        action: 'flow.deactivated',
        target: id,
        before: { activeVersion: previous },
        after: { activeVersion: null },
      });
      return true;
    });
    this.events.activationsChanged?.();
    return changed;
  }

  /** One IMMEDIATE transaction: the change and its audit entry commit together (a nested call joins the outer one). */
  private write<T>(fn: () => T): T {
    return this.db.transaction(() => fn(), { behavior: 'immediate' });
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
