import type { FlowDefinition } from '../../shared/flow.ts';
import { contentHash, canonicalJson } from '../flows/canonical-json.ts';

type Draft = { definition: FlowDefinition; revision: number };

/** An edit of a draft for the audit log: revisions and hashes before and after, and which nodes, edges and settings changed. */
export function draftChanges(before: Draft, after: Draft) {
  const nodes = (d: FlowDefinition) => new Map(d.nodes.map((n) => [n.id, canonicalJson({ ...n, ui: undefined })]));
  const b = nodes(before.definition);
  const a = nodes(after.definition);
  const edges = (d: FlowDefinition) => new Set(d.edges.map((e) => `${e.source}.${e.sourcePort ?? 'out'}>${e.target}`));
  const be = edges(before.definition);
  const ae = edges(after.definition);
  return {
    before: { revision: before.revision, hash: contentHash(before.definition) },
    after: { revision: after.revision, hash: contentHash(after.definition) },
    detail: {
      nodesAdded: [...a.keys()].filter((id) => !b.has(id)),
      nodesRemoved: [...b.keys()].filter((id) => !a.has(id)),
      nodesChanged: [...a.keys()].filter((id) => b.has(id) && b.get(id) !== a.get(id)),
      edgesAdded: [...ae].filter((e) => !be.has(e)),
      edgesRemoved: [...be].filter((e) => !ae.has(e)),
      settingsChanged:
        canonicalJson(before.definition.settings ?? {}) !== canonicalJson(after.definition.settings ?? {}),
      renamed:
        before.definition.name !== after.definition.name
          ? { from: before.definition.name, to: after.definition.name }
          : undefined,
    },
  };
}
