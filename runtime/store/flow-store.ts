import type { FlowDefinition } from '../../shared/flow.ts';
import type { FlowSummary, VersionTests } from '../../shared/flow-summary.ts';

/** A flow's draft as stored. */
export interface FlowRow {
  id: string;
  name: string;
  definition: FlowDefinition;
  revision: number;
  /** The principal (user or API token) that created the flow, by id; null for flows the runtime created. */
  createdBy: string | null;
  createdAt: number;
  updatedAt: number;
}

/** A published version without its definition. */
export interface VersionRow {
  flowId: string;
  version: number;
  hash: string;
  note: string | null;
  /** Who published it (display name). */
  createdBy: string | null;
  createdAt: number;
  /** The OpenAPI spec version of each connection its operation steps used: { <connection>: { version, hash } }. */
  specVersions?: Record<string, { version: number; hash: string }> | null;
  /** How its test cases came out when it was published; null for versions from before test cases. */
  tests?: VersionTests | null;
}

export interface DraftChange {
  name: string;
  definition: FlowDefinition;
  updatedAt: number;
}

/**
 * Drafts, published versions and activations. Writes go through `tx.flows` inside store.write; the
 * checks that must hold for a write (the revision is current, the flow exists) are read through `tx` too.
 */
export interface FlowStore {
  get(id: string): Promise<FlowRow | undefined>;
  exists(id: string): Promise<boolean>;
  /** The id of the principal that created the flow, null when the runtime did or the flow is gone. */
  ownerOf(id: string): Promise<string | null>;
  /** Every flow by name with its latest and active version, its last live run and its live failures since `since`. */
  list(since: number): Promise<FlowSummary[]>;

  /** Adds a draft at revision 1; false when a flow with its id exists. */
  insert(row: FlowRow): Promise<boolean>;
  /** Saves the draft as revision `revision + 1` if it is still at `revision`; false when it is not (or gone). */
  updateDraft(id: string, revision: number, change: DraftChange): Promise<boolean>;

  /** Newest first. */
  versions(flowId: string): Promise<VersionRow[]>;
  latestVersion(flowId: string): Promise<VersionRow | undefined>;
  version(flowId: string, version: number): Promise<FlowDefinition | undefined>;
  /** Adds a version; false when the flow has that version number already. */
  insertVersion(row: VersionRow & { definition: FlowDefinition }): Promise<boolean>;

  activeVersion(flowId: string): Promise<number | null>;
  activations(): Promise<{ flowId: string; version: number }[]>;
  activate(flowId: string, version: number, at: number): Promise<void>;
  /** False when the flow was not active. */
  deactivate(flowId: string): Promise<boolean>;

  /**
   * Runs of the flow that have not finished, or that an unfinished run called and will read the result of.
   */
  unfinishedRuns(flowId: string): Promise<number>;
  /**
   * Deletes the flow with everything that belongs to it: versions, retention policy, remembered webhook
   * signatures, and its runs with their steps, payloads, actions, recoveries and dedupe keys.
   */
  deleteWithRuns(flowId: string): Promise<void>;
}
