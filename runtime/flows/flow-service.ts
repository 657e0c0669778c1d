import type { Store } from '../store/ports.ts';
import type { FlowRow, VersionRow } from '../store/flow-store.ts';
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
import { flowSpecs, type SpecLookup } from './flow-specs.ts';
import { checkApproved } from './version-approvals.ts';
import type { TestReport } from '../../shared/flow-tests.ts';
import { testsGate } from './tests/publish-gate.ts';

/** What the rest of the runtime does when flows change (after the change is committed). */
export interface FlowEvents {
  /** May refuse to activate `def` (e.g. its webhook path is taken by another flow) by throwing. */
  checkActivation?(flowId: string, def: FlowDefinition): void;
  /** Which version of which flow is active changed (triggers follow); awaited before activate() returns. */
  activationsChanged?(): void | Promise<void>;
  /** The flow is gone (plans built from its versions are dropped). */
  deleted?(flowId: string): void;
  /** Runs the test cases of a definition about to be published (recorded steps never call out). */
  runTests?(def: FlowDefinition): Promise<TestReport>;
}

export interface Draft {
  definition: FlowDefinition;
  revision: number;
  createdAt: number;
  updatedAt: number;
}

type FlowParts = Pick<Store, 'flows'>;

const DAY_MS = 86_400_000;

const notFound = (id: string) => new WeftError(ErrorCodes.notFound, `flow "${id}" not found`);

const stale = (current: number | undefined, edited: number) =>
  new WeftError(
    ErrorCodes.conflict,
    `the draft was changed by someone else (revision ${current}, you edited ${edited}); reload it and apply your change again`,
    { details: { currentRevision: current } },
  );

const draftOf = (r: FlowRow): Draft => ({
  definition: r.definition,
  revision: r.revision,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
});

/**
 * Drafts, published versions and activations. Every change is one store write holding the change and
 * its audit entry; `actor` is who made it (null: the runtime itself, e.g. loading the example flows).
 * What follows a change outside the store (triggers, plans) happens once the write has committed.
 */
export class FlowService {
  constructor(
    private readonly store: Pick<Store, 'write' | 'flows'>,
    private readonly lookup: NodeLookup,
    private readonly audit: AuditLog,
    private readonly now: () => number = Date.now,
    private readonly events: FlowEvents = {},
    /** Each connection's current OpenAPI document, for the check of operation steps and the version record. */
    private readonly specs?: SpecLookup,
  ) {}

  /** Every flow with its status, last live run and failures of the last 24 hours. */
  list(): Promise<FlowSummary[]> {
    return this.store.flows.list(this.now() - DAY_MS);
  }

  get(id: string): Promise<Draft> {
    return this.draft(this.store, id);
  }

  exists(id: string): Promise<boolean> {
    return this.store.flows.exists(id);
  }

  async create(raw: unknown, actor: Actor | null = null): Promise<{ definition: FlowDefinition; revision: number }> {
    const def = this.parse(raw);
    const now = this.now();
    return this.store.write(async (tx) => {
      const row = {
        id: def.id,
        name: def.name,
        definition: def,
        revision: 1,
        createdBy: actor?.id ?? null,
        createdAt: now,
        updatedAt: now,
      };
      if (!(await tx.flows.insert(row)))
        throw new WeftError(ErrorCodes.conflict, `a flow with id "${def.id}" already exists`);
      await this.audit.record(
        {
          actor,
          action: 'flow.created',
          target: def.id,
          after: { name: def.name, revision: 1, nodes: def.nodes.length },
        },
        tx,
      );
      return { definition: def, revision: 1 };
    });
  }

  /** Saves the draft if `revision` is still current; a stale revision is a conflict. */
  async update(
    id: string,
    raw: unknown,
    revision: number,
    actor: Actor | null = null,
  ): Promise<{ definition: FlowDefinition; revision: number }> {
    const def = this.parse(raw);
    if (def.id !== id)
      throw new WeftError(ErrorCodes.badRequest, `the definition's id "${def.id}" does not match the flow "${id}"`, {
        details: { path: 'id' },
      });
    const now = this.now();
    return this.store.write(async (tx) => {
      const before = await this.draft(tx, id);
      if (before.revision !== revision) throw stale(before.revision, revision);
      // Another process may have saved since the read: the update itself checks the revision too.
      if (!(await tx.flows.updateDraft(id, revision, { name: def.name, definition: def, updatedAt: now })))
        throw stale((await tx.flows.get(id))?.revision, revision);
      const saved = { definition: def, revision: revision + 1 };
      await this.audit.record({ actor, action: 'flow.edited', target: id, ...draftChanges(before, saved) }, tx);
      return saved;
    });
  }

  /** Deletes the flow with everything that belongs to it (flow-delete.ts), in one write with its audit entry. */
  async delete(id: string, actor: Actor | null = null): Promise<void> {
    await this.store.write(async (tx) => {
      const before = await this.draft(tx, id);
      await deleteFlowRows(tx.flows, id);
      await this.audit.record(
        {
          actor,
          action: 'flow.deleted',
          target: id,
          before: { name: before.definition.name, revision: before.revision, definition: before.definition },
        },
        tx,
      );
    });
    this.events.deleted?.(id);
  }

  /** The static check of the saved draft, or of `definition` (the draft as the designer shows it, not yet saved). */
  async validate(id: string, definition?: unknown): Promise<FlowProblem[]> {
    const saved = (await this.get(id)).definition;
    const def = definition ?? saved;
    const parsed = parseDefinition(def).definition;
    return validateFlow(def, this.lookup, parsed && (await flowSpecs(parsed, this.specs)).env);
  }

  /** Freezes the draft as the next version. Publishing unchanged content returns the existing version. */
  async publish(
    id: string,
    note?: string,
    actor: Actor | null = null,
  ): Promise<{ version: VersionInfo; created: boolean }> {
    const { definition } = await this.get(id);
    const specs = await flowSpecs(definition, this.specs);
    const problems = validateFlow(definition, this.lookup, specs.env).filter((p) => p.severity === 'error');
    if (problems.length)
      throw new WeftError(
        ErrorCodes.invalidFlow,
        `the draft has ${problems.length} problem(s); fix them before publishing`,
        { details: { problems } },
      );
    const hash = contentHash(definition);
    // Unchanged content is the latest version again: its tests ran when it was published.
    const unchanged = (await this.store.flows.latestVersion(id))?.hash === hash;
    const tests = unchanged ? null : await testsGate(definition, this.events.runTests);
    return this.store.write(async (tx) => {
      if (!(await tx.flows.exists(id))) throw notFound(id);
      const latest = await tx.flows.latestVersion(id);
      const active = await tx.flows.activeVersion(id);
      if (latest && latest.hash === hash) return { version: info(latest, active), created: false };
      if (tests === null)
        throw new WeftError(ErrorCodes.conflict, `flow "${id}" was published at the same time; publish again`);
      const row: VersionRow = {
        flowId: id,
        version: (latest?.version ?? 0) + 1,
        hash,
        note: note ?? null,
        createdBy: actor?.name ?? null,
        createdAt: this.now(),
        specVersions: specs.versions,
        tests,
      };
      if (!(await tx.flows.insertVersion({ ...row, definition })))
        throw new WeftError(
          ErrorCodes.conflict,
          `version ${row.version} of flow "${id}" was published at the same time; publish again`,
        );
      await this.audit.record(
        { actor, action: 'flow.published', target: id, after: { version: row.version, hash, note: row.note } },
        tx,
      );
      return { version: info(row, active), created: true };
    });
  }

  /** Newest first. */
  async versions(id: string): Promise<VersionInfo[]> {
    if (!(await this.store.flows.exists(id))) throw notFound(id);
    const rows = await this.store.flows.versions(id);
    const active = await this.store.flows.activeVersion(id);
    return rows.map((r) => info(r, active));
  }

  version(id: string, version: number): Promise<FlowDefinition | undefined> {
    return this.store.flows.version(id, version);
  }

  /**
   * The id of the principal (user or API token) that created the flow: analysts read the runs of the
   * flows they own. Null for flows the runtime created (example flows) or from before users existed.
   */
  ownerOf(id: string): Promise<string | null> {
    return this.store.flows.ownerOf(id);
  }

  activeVersion(id: string): Promise<number | null> {
    return this.store.flows.activeVersion(id);
  }

  activations(): Promise<{ flowId: string; version: number }[]> {
    return this.store.flows.activations();
  }

  /**
   * Makes `version` the one that receives trigger events (rollback: an older one); events.checkActivation may
   * refuse, and so does four-eyes activation when the version needs another user's approval.
   */
  async activate(id: string, version: number, actor: Actor | null = null): Promise<void> {
    const missing = () => new WeftError(ErrorCodes.notFound, `flow "${id}" has no version ${version}`);
    const def = await this.store.flows.version(id, version);
    if (!def) throw missing();
    this.events.checkActivation?.(id, def);
    await this.store.write(async (tx) => {
      // The flow may have been deleted since the version was read.
      if ((await tx.flows.version(id, version)) === undefined) throw missing();
      await checkApproved(tx, id, version, def);
      const previous = await tx.flows.activeVersion(id);
      await tx.flows.activate(id, version, this.now());
      await this.audit.record(
        {
          actor,
          action: 'flow.activated',
          target: id,
          before: { activeVersion: previous },
          after: { activeVersion: version },
        },
        tx,
      );
    });
    await this.events.activationsChanged?.();
  }

  /** Stops the flow receiving trigger events; false when it was not active. */
  async deactivate(id: string, actor: Actor | null = null): Promise<boolean> {
    const changed = await this.store.write(async (tx) => {
      if (!(await tx.flows.exists(id))) throw notFound(id);
      const previous = await tx.flows.activeVersion(id);
      if (!(await tx.flows.deactivate(id))) return false;
      await this.audit.record(
        {
          actor,
          action: 'flow.deactivated',
          target: id,
          before: { activeVersion: previous },
          after: { activeVersion: null },
        },
        tx,
      );
      return true;
    });
    await this.events.activationsChanged?.();
    return changed;
  }

  /** The draft, read through `parts` (the store, or a write's `tx`); not found when the flow is gone. */
  private async draft(parts: FlowParts, id: string): Promise<Draft> {
    const row = await parts.flows.get(id);
    if (!row) throw notFound(id);
    return draftOf(row);
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
}

function info(r: VersionRow, active: number | null): VersionInfo {
  return {
    flowId: r.flowId,
    version: r.version,
    hash: r.hash,
    note: r.note,
    createdBy: r.createdBy ?? null,
    createdAt: r.createdAt,
    active: active === r.version,
    ...(r.tests ? { tests: r.tests } : {}),
  };
}
