import type { FlowDefinition, FlowEdge } from '../../shared/flow.ts';
import { diffDefinitions } from '../../shared/flow-diff.ts';
import { contentHash } from '../flows/canonical-json.ts';

type Draft = { definition: FlowDefinition; revision: number };

/** An edge as the audit log names it: "source.port>target", with ".port" after the target when it is not "in". */
function edgeName(e: FlowEdge): string {
  const target = e.targetPort === 'in' ? e.target : `${e.target}.${e.targetPort}`;
  return `${e.source}.${e.sourcePort}>${target}`;
}

/**
 * An edit of a draft for the audit log: revisions and hashes before and after, and which nodes, edges and
 * settings changed — the same comparison the Versions page shows (shared/flow-diff.ts).
 */
export function draftChanges(before: Draft, after: Draft) {
  const diff = diffDefinitions(before.definition, after.definition);
  return {
    before: { revision: before.revision, hash: contentHash(before.definition) },
    after: { revision: after.revision, hash: contentHash(after.definition) },
    detail: {
      nodesAdded: diff.added.map((n) => n.id),
      nodesRemoved: diff.removed.map((n) => n.id),
      nodesChanged: diff.changed.map((n) => n.id),
      edgesAdded: diff.edgesAdded.map(edgeName),
      edgesRemoved: diff.edgesRemoved.map(edgeName),
      settingsChanged: diff.flowFields.some((f) => f.path === 'settings' || f.path.startsWith('settings.')),
      renamed:
        before.definition.name !== after.definition.name
          ? { from: before.definition.name, to: after.definition.name }
          : undefined,
    },
  };
}
