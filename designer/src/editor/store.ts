import { create } from 'zustand';
import {
  applyEdgeChanges,
  applyNodeChanges,
  type Connection,
  type EdgeChange,
  type NodeChange,
  type XYPosition,
} from '@xyflow/react';
import type { Draft, FlowDefinition, FlowNode, FlowProblem, NodeTypeInfo, RunView } from '../api/types.ts';
import type { CanvasEdge, CanvasNode, RunPaint } from './canvas-types.ts';
import { paintsOf, problemMarksOf } from './marks.ts';
import { edgeToCanvas, newEdgeId, newNodeId, toCanvas, toDefinition, type FlowMeta } from './convert.ts';
import { connectionProblem } from './connection-rules.ts';
import { autoLayout } from './layout.ts';
import { addPlaced, afterDrop } from './loop-edits.ts';
import { fitLoops, isLoopType, withBodies } from './loop-container.ts';

interface Snapshot {
  meta: FlowMeta;
  nodes: CanvasNode[];
  edges: CanvasEdge[];
}

interface Clipboard {
  nodes: FlowNode[];
  edges: { source: string; sourcePort: string; target: string; targetPort: string }[];
}

const HISTORY_LIMIT = 100;
/** Edits to the same field within this window are one undo step. */
const COALESCE_MS = 1000;

export interface EditorState {
  flowId: string | null;
  revision: number;
  meta: FlowMeta;
  nodes: CanvasNode[];
  edges: CanvasEdge[];
  catalogue: Map<string, NodeTypeInfo>;
  /** Increases with every edit; equal to savedSeq when nothing is unsaved. */
  seq: number;
  savedSeq: number;
  past: Snapshot[];
  future: Snapshot[];
  lastCoalesce: { key: string; at: number } | null;
  dragging: boolean;
  clipboard: Clipboard | null;
  testRun: RunView | null;
  /** Test-run colour per node id. */
  paints: Record<string, RunPaint>;
  problems: FlowProblem[] | null;
  /** Worst problem per node id. */
  problemMarks: Record<string, 'error' | 'warning'>;
  sampleIndex: number;
  refusal: string | null;
  /** What an edit did besides what was asked (edges removed when a node changed loop). */
  notice: string | null;

  load(draft: Draft, catalogue: NodeTypeInfo[]): void;
  definition(): FlowDefinition;
  markSaved(revision: number, atSeq: number): void;
  onNodesChange(changes: NodeChange<CanvasNode>[]): void;
  onEdgesChange(changes: EdgeChange<CanvasEdge>[]): void;
  onConnect(c: Connection): void;
  refuse(reason: string | null): void;
  tell(notice: string | null): void;
  /** Adds a node of `type`; `preset` names it and fills its config (a typed operation picked in the palette). */
  addNode(type: string, position: XYPosition, preset?: NodePreset): string | null;
  updateNode(id: string, patch: Partial<Pick<FlowNode, 'name' | 'description' | 'config'>>, coalesceKey?: string): void;
  updateMeta(patch: Partial<FlowMeta>, coalesceKey?: string): void;
  select(ids: string[]): void;
  deleteSelection(): void;
  copySelection(): void;
  paste(): void;
  undo(): void;
  redo(): void;
  layout(): void;
  setTestRun(run: RunView | null): void;
  setProblems(problems: FlowProblem[] | null): void;
  setSampleIndex(i: number): void;
}

/** What a palette item fills in beyond its kind: the node's name and config. */
export interface NodePreset {
  name: string;
  config: Record<string, unknown>;
}

const emptyMeta: FlowMeta = { id: '', name: '', schemaVersion: 1, settings: {} };

export const useEditor = create<EditorState>()((set, get) => {
  /** Records the current state as an undo step before a change. */
  const checkpoint = (coalesceKey?: string) => {
    const s = get();
    const now = Date.now();
    if (coalesceKey && s.lastCoalesce?.key === coalesceKey && now - s.lastCoalesce.at < COALESCE_MS) {
      set({ lastCoalesce: { key: coalesceKey, at: now }, seq: s.seq + 1 });
      return;
    }
    const past = [...s.past, { meta: s.meta, nodes: s.nodes, edges: s.edges }].slice(-HISTORY_LIMIT);
    set({ past, future: [], seq: s.seq + 1, lastCoalesce: coalesceKey ? { key: coalesceKey, at: now } : null });
  };

  /** Puts a snapshot back; nodes present now keep their current selection, nodes that come back keep theirs. */
  const restore = (snap: Snapshot) => {
    const now = new Map(get().nodes.map((n) => [n.id, !!n.selected]));
    set({
      meta: snap.meta,
      nodes: snap.nodes.map((n) => {
        const selected = now.get(n.id) ?? !!n.selected;
        return !!n.selected === selected ? n : { ...n, selected };
      }),
      edges: snap.edges,
    });
  };

  return {
    flowId: null,
    revision: 0,
    meta: emptyMeta,
    nodes: [],
    edges: [],
    catalogue: new Map(),
    seq: 0,
    savedSeq: 0,
    past: [],
    future: [],
    lastCoalesce: null,
    dragging: false,
    clipboard: null,
    testRun: null,
    paints: {},
    problems: null,
    problemMarks: {},
    sampleIndex: 0,
    refusal: null,
    notice: null,

    load(draft, catalogue) {
      const { meta, nodes, edges } = toCanvas(draft.definition);
      set({
        flowId: draft.definition.id,
        revision: draft.revision,
        meta,
        nodes,
        edges,
        catalogue: new Map(catalogue.map((t) => [t.type, t])),
        seq: 0,
        savedSeq: 0,
        past: [],
        future: [],
        lastCoalesce: null,
        testRun: null,
        paints: {},
        problems: null,
        problemMarks: {},
        sampleIndex: 0,
        refusal: null,
      });
    },

    definition() {
      const s = get();
      return toDefinition(s.meta, s.nodes, s.edges);
    },

    markSaved(revision, atSeq) {
      set({ revision, savedSeq: atSeq });
    },

    onNodesChange(changes) {
      const s = get();
      const structural = changes.some((c) => c.type === 'remove' || c.type === 'add');
      const dragStart = !s.dragging && changes.some((c) => c.type === 'position' && c.dragging);
      const dragEnd = changes.some((c) => c.type === 'position' && c.dragging === false);
      if (structural || dragStart) checkpoint();
      let edges = s.edges;
      // A loop goes with its body.
      const removed = withBodies(s.nodes, new Set(changes.flatMap((c) => (c.type === 'remove' ? [c.id] : []))));
      if (removed.size) edges = edges.filter((e) => !removed.has(e.source) && !removed.has(e.target));
      let nodes = applyNodeChanges(changes, get().nodes).filter((n) => !removed.has(n.id));
      let notice: string | null = null;
      if (dragEnd) {
        const dropped = changes.flatMap((c) => (c.type === 'position' && c.dragging === false ? [c.id] : []));
        ({ nodes, edges, notice } = afterDrop(nodes, edges, dropped));
      } else if (changes.some((c) => c.type === 'dimensions')) nodes = fitLoops(nodes); // a body node measured taller
      set({ nodes, edges, dragging: dragStart ? true : dragEnd ? false : s.dragging, ...(notice ? { notice } : {}) });
    },

    onEdgesChange(changes) {
      if (changes.some((c) => c.type === 'remove' || c.type === 'add')) checkpoint();
      set({ edges: applyEdgeChanges(changes, get().edges) });
    },

    onConnect(c) {
      const s = get();
      const problem = connectionProblem(c, s.nodes, s.edges, s.catalogue);
      if (problem) return set({ refusal: problem });
      checkpoint();
      const port = c.sourceHandle ?? 'out';
      const id = newEdgeId(c.source, port, c.target, new Set(s.edges.map((e) => e.id)));
      set({
        edges: [
          ...get().edges,
          edgeToCanvas({
            id,
            source: c.source,
            sourcePort: port,
            target: c.target,
            targetPort: c.targetHandle ?? 'in',
          }),
        ],
        refusal: null,
      });
    },

    refuse(reason) {
      set({ refusal: reason });
    },
    tell(notice) {
      set({ notice });
    },

    addNode(type, position, preset) {
      const s = get();
      const info = s.catalogue.get(type);
      if (!info) return null;
      checkpoint();
      const name = preset?.name ?? info.title;
      const id = newNodeId(name, new Set(s.nodes.map((n) => n.id)));
      const node: FlowNode = { id, type, typeVersion: info.typeVersion, name, config: { ...preset?.config } };
      const cn: CanvasNode = { id, type: isLoopType(type) ? 'loop' : 'weft', position, data: { node }, selected: true };
      set({
        nodes: addPlaced(
          s.nodes.map((n) => (n.selected ? { ...n, selected: false } : n)),
          cn,
        ),
      });
      return id;
    },

    updateNode(id, patch, coalesceKey) {
      checkpoint(coalesceKey ?? `node:${id}:${Object.keys(patch).join(',')}`);
      set({
        nodes: get().nodes.map((n) =>
          n.id === id ? { ...n, data: { ...n.data, node: { ...n.data.node, ...patch } } } : n,
        ),
      });
    },

    updateMeta(patch, coalesceKey) {
      checkpoint(coalesceKey ?? `meta:${Object.keys(patch).join(',')}`);
      set({ meta: { ...get().meta, ...patch } });
    },

    select(ids) {
      const want = new Set(ids);
      set({
        nodes: get().nodes.map((n) => (!!n.selected === want.has(n.id) ? n : { ...n, selected: want.has(n.id) })),
        edges: get().edges.map((e) => (e.selected ? { ...e, selected: false } : e)),
      });
    },

    deleteSelection() {
      const s = get();
      const gone = withBodies(s.nodes, new Set(s.nodes.filter((n) => n.selected).map((n) => n.id)));
      const edgesLeft = s.edges.filter((e) => !e.selected && !gone.has(e.source) && !gone.has(e.target));
      if (gone.size === 0 && edgesLeft.length === s.edges.length) return;
      checkpoint();
      set({ nodes: s.nodes.filter((n) => !gone.has(n.id)), edges: edgesLeft });
    },

    copySelection() {
      const s = get();
      const picked = s.nodes.filter((n) => n.selected);
      if (picked.length === 0) return;
      const ids = new Set(picked.map((n) => n.id));
      const def = toDefinition(
        s.meta,
        picked,
        s.edges.filter((e) => ids.has(e.source) && ids.has(e.target)),
      );
      set({ clipboard: { nodes: def.nodes, edges: def.edges } });
    },

    paste() {
      const s = get();
      if (!s.clipboard) return;
      checkpoint();
      const takenNodes = new Set(s.nodes.map((n) => n.id));
      const takenEdges = new Set(s.edges.map((e) => e.id));
      const renamed = new Map<string, string>();
      const pasted: CanvasNode[] = s.clipboard.nodes.map((n) => {
        const id = newNodeId(n.id, takenNodes);
        takenNodes.add(id);
        renamed.set(n.id, id);
        const p = n.ui?.position ?? { x: 0, y: 0 };
        const { parentId, ...node } = n;
        // In a loop pasted with it; else where it was relative to its loop.
        const parent = parentId === undefined ? undefined : renamed.get(parentId);
        return {
          id,
          type: isLoopType(n.type) ? 'loop' : 'weft',
          position: parent ? p : { x: p.x + 40, y: p.y + 40 },
          selected: true,
          data: { node: structuredClone({ ...node, id }) },
          ...(parent ? { parentId: parent } : {}),
        };
      });
      const newEdges = s.clipboard.edges.map((e) => {
        const source = renamed.get(e.source)!;
        const target = renamed.get(e.target)!;
        const id = newEdgeId(source, e.sourcePort, target, takenEdges);
        takenEdges.add(id);
        return edgeToCanvas({ id, source, sourcePort: e.sourcePort, target, targetPort: e.targetPort });
      });
      // A second paste lands further along.
      const clipboard: Clipboard = {
        ...s.clipboard,
        nodes: s.clipboard.nodes.map((n) => ({
          ...n,
          ui: { ...n.ui, position: { x: (n.ui?.position?.x ?? 0) + 40, y: (n.ui?.position?.y ?? 0) + 40 } },
        })),
      };
      set({
        nodes: fitLoops([...s.nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), ...pasted]),
        edges: [...s.edges, ...newEdges],
        clipboard,
      });
    },

    undo() {
      const s = get();
      const prev = s.past[s.past.length - 1];
      if (!prev) return;
      set({
        past: s.past.slice(0, -1),
        future: [{ meta: s.meta, nodes: s.nodes, edges: s.edges }, ...s.future],
        seq: s.seq + 1,
        lastCoalesce: null,
      });
      restore(prev);
    },

    redo() {
      const s = get();
      const next = s.future[0];
      if (!next) return;
      set({
        future: s.future.slice(1),
        past: [...s.past, { meta: s.meta, nodes: s.nodes, edges: s.edges }],
        seq: s.seq + 1,
        lastCoalesce: null,
      });
      restore(next);
    },

    layout() {
      checkpoint();
      set({ nodes: autoLayout(get().nodes, get().edges) });
    },

    setTestRun(run) {
      set({
        testRun: run,
        paints: run
          ? paintsOf(
              run,
              get().nodes.map((n) => n.id),
            )
          : {},
      });
    },
    setProblems(problems) {
      set({ problems, problemMarks: problems ? problemMarksOf(problems) : {} });
    },
    setSampleIndex(i) {
      set({ sampleIndex: i });
    },
  };
});

export const selectDirty = (s: EditorState) => s.seq !== s.savedSeq;

/** Stable empty list for selectors (a new [] each time would re-render forever). */
export const NO_SAMPLES: { name: string; payload: unknown }[] = [];
