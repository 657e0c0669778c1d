/** Where a polling trigger has read its system up to, as stored. */
export interface PollCursorRow {
  flowId: string;
  nodeId: string;
  /** The cursor as JSON text. */
  cursor: string;
  /** 1 when first stored, one more on every change. */
  revision: number;
  updatedAt: number;
  updatedBy: string | null;
}

/** The cursors of polling triggers (trigger.poll), one per flow and trigger node. */
export interface PollCursorStore {
  get(flowId: string, nodeId: string): Promise<PollCursorRow | null>;
  /**
   * Stores `cursor` if the row is still at `revision` (0: no row yet); false when another process or an
   * operator changed it since, and nothing is written.
   */
  advance(flowId: string, nodeId: string, revision: number, cursor: string, now: number): Promise<boolean>;
  /** Sets the cursor whatever it was (an operator's reset), one revision on; returns the row as stored. */
  set(flowId: string, nodeId: string, cursor: string, now: number, by: string | null): Promise<PollCursorRow>;
  /** Forgets the cursor, so the trigger starts again from its configured initial cursor. */
  remove(flowId: string, nodeId: string): Promise<void>;
}
