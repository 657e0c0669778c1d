import { pollTriggerConfig, type PollTriggerConfig } from '../../nodes/trigger/poll.node.ts';
import { ErrorCodes, WeftError } from '../../shared/errors.ts';
import type { Principal } from '../../shared/identity.ts';
import type { FlowService } from '../flows/flow-service.ts';
import type { AuditLog } from '../security/audit.ts';
import type { Store } from '../store/ports.ts';
import { initialCursor, parseCursor, type PollCursor } from './poll-cursor.ts';

/** A polling trigger's cursor as operators see it. */
export interface PollCursorView {
  flowId: string;
  nodeId: string;
  /** The flow version whose trigger configuration the cursor was read against (the active one, else the newest). */
  version: number;
  kind: PollTriggerConfig['cursor']['kind'];
  cursor: PollCursor;
  /** true: nothing stored yet, the next poll starts from the configured initial cursor. */
  initial: boolean;
  /** 0 when nothing is stored; one more on every advance or reset. */
  revision: number;
  updatedAt: number | null;
  updatedBy: string | null;
}

/** Operators read and reset polling triggers' cursors; a reset is audited in its own transaction. */
export class PollCursorService {
  constructor(
    private readonly store: Store,
    private readonly flows: Pick<FlowService, 'versions' | 'version' | 'activeVersion'>,
    private readonly audit: AuditLog,
    private readonly now: () => number,
  ) {}

  /** The trigger.poll node `nodeId` of the flow's active version (else its newest), with its configuration. */
  private async trigger(flowId: string, nodeId: string): Promise<{ version: number; config: PollTriggerConfig }> {
    const version = (await this.flows.activeVersion(flowId)) ?? (await this.flows.versions(flowId))[0]?.version;
    const def = version === undefined ? undefined : await this.flows.version(flowId, version);
    if (version === undefined || !def)
      throw new WeftError(ErrorCodes.notFound, `flow "${flowId}" has no published version`);
    const node = def.nodes.find((n) => n.id === nodeId);
    if (node?.type !== 'trigger.poll')
      throw new WeftError(
        ErrorCodes.notFound,
        `flow "${flowId}" version ${version} has no trigger.poll node "${nodeId}"${node ? ` (it is ${node.type})` : ''}`,
      );
    return { version, config: pollTriggerConfig.parse(node.config) };
  }

  async get(flowId: string, nodeId: string): Promise<PollCursorView> {
    const { version, config } = await this.trigger(flowId, nodeId);
    const row = await this.store.pollCursors.get(flowId, nodeId);
    return {
      flowId,
      nodeId,
      version,
      kind: config.cursor.kind,
      cursor: row ? parseCursor(config, JSON.parse(row.cursor), 'the stored cursor') : initialCursor(config),
      initial: row === null,
      revision: row?.revision ?? 0,
      updatedAt: row?.updatedAt ?? null,
      updatedBy: row?.updatedBy ?? null,
    };
  }

  /**
   * Sets the cursor (null: back to the configured initial cursor). A poll in flight then fails its
   * compare-and-set and leaves the cursor as set here; records before it are polled again and start runs
   * only for versions not seen before.
   */
  async reset(flowId: string, nodeId: string, cursor: unknown, by: Principal): Promise<PollCursorView> {
    const { config } = await this.trigger(flowId, nodeId);
    const next = cursor === null ? initialCursor(config) : parseCursor(config, cursor, 'cursor');
    await this.store.write(async (tx) => {
      const before = await tx.pollCursors.get(flowId, nodeId);
      const after = await tx.pollCursors.set(flowId, nodeId, JSON.stringify(next), this.now(), by.name);
      await this.audit.record(
        {
          actor: { kind: by.kind, id: by.id, name: by.name },
          action: 'trigger.cursor_reset',
          target: `${flowId}/${nodeId}`,
          before: before ? JSON.parse(before.cursor) : null,
          after: JSON.parse(after.cursor),
        },
        tx,
      );
    });
    return this.get(flowId, nodeId);
  }
}
