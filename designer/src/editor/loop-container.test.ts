import { describe, expect, it } from 'vitest';
import type { FlowDefinition } from '../api/types.ts';
import { toCanvas, toDefinition } from './convert.ts';
import type { CanvasEdge, CanvasNode } from './canvas-types.ts';
import { absolutePosition, fitLoops, LOOP_HEAD, LOOP_MIN, loopAt } from './loop-container.ts';
import { addPlaced, afterDrop } from './loop-edits.ts';
import { autoLayout } from './layout.ts';
import { connectionProblem } from './connection-rules.ts';

const node = (id: string, type: string, position?: { x: number; y: number }, parentId?: string) => ({
  id,
  type,
  typeVersion: 1,
  name: id,
  config: {},
  ...(parentId ? { parentId } : {}),
  ...(position ? { ui: { position } } : {}),
});

/** A trigger, then a loop holding a map and an HTTP call (positions relative to the loop), then a reply. */
const def: FlowDefinition = {
  id: 'loops',
  name: 'Loops',
  schemaVersion: 1,
  settings: {},
  nodes: [
    node('in', 'trigger.manual', { x: 0, y: 0 }),
    node('each', 'control.loop', { x: 300, y: 0 }),
    node('shape', 'map.jsonata', { x: 24, y: 80 }, 'each'),
    node('post', 'connector.http', { x: 300, y: 80 }, 'each'),
    node('done', 'control.respond', { x: 900, y: 0 }),
  ],
  edges: [
    { id: 'e1', source: 'in', sourcePort: 'out', target: 'each', targetPort: 'in' },
    { id: 'e2', source: 'shape', sourcePort: 'out', target: 'post', targetPort: 'in' },
    { id: 'e3', source: 'each', sourcePort: 'out', target: 'done', targetPort: 'in' },
  ],
};

const byId = (nodes: CanvasNode[]) => new Map(nodes.map((n) => [n.id, n]));
const get = (nodes: CanvasNode[], id: string) => nodes.find((n) => n.id === id)!;

describe('a control.loop on the canvas', () => {
  it('draws a loop as a container holding its body nodes, and saves their parentId back unchanged', () => {
    const { meta, nodes, edges } = toCanvas(def);
    expect(get(nodes, 'each')).toMatchObject({ type: 'loop', position: { x: 300, y: 0 } });
    expect(get(nodes, 'shape')).toMatchObject({ type: 'weft', parentId: 'each', position: { x: 24, y: 80 } });
    expect(get(nodes, 'post').parentId).toBe('each');
    expect(get(nodes, 'in').parentId).toBeUndefined();
    // The container holds its body: the HTTP node ends at 300 + 220, plus padding.
    expect(get(nodes, 'each').width).toBe(300 + 220 + 24);
    expect(get(nodes, 'each').height).toBe(LOOP_MIN.height);

    const back = toDefinition(meta, nodes, edges);
    expect(back).toEqual(def);
    // The container's size is view state: nothing of it is saved.
    expect(JSON.stringify(back)).not.toMatch(/width|height|measured/);
  });

  it('puts parents before their children whatever the order of the definition, and places unplaced body nodes inside', () => {
    const shuffled = {
      ...def,
      nodes: [node('inner', 'map.jsonata', undefined, 'each'), ...def.nodes.filter((n) => n.id !== 'shape')],
    };
    const { nodes } = toCanvas(shuffled);
    const order = nodes.map((n) => n.id);
    expect(order.indexOf('each')).toBeLessThan(order.indexOf('inner'));
    expect(get(nodes, 'inner').position.y).toBeGreaterThanOrEqual(LOOP_HEAD);
  });

  it('keeps a parentId that names no loop as it was, for the static check to report', () => {
    const odd = { ...def, nodes: [...def.nodes, node('stray', 'map.jsonata', { x: 0, y: 400 }, 'done')] };
    const { meta, nodes, edges } = toCanvas(odd);
    expect(get(nodes, 'stray').parentId).toBeUndefined();
    expect(toDefinition(meta, nodes, edges).nodes.find((n) => n.id === 'stray')?.parentId).toBe('done');
  });

  it('adds a node dropped on a loop to its body, relative to the loop; one dropped beside it stays outside', () => {
    const { nodes } = toCanvas(def);
    const fresh = (id: string, x: number, y: number): CanvasNode => ({
      id,
      type: 'weft',
      position: { x, y },
      data: { node: node(id, 'connector.http') },
    });
    const inside = addPlaced(nodes, fresh('call', 320, 130));
    expect(get(inside, 'call')).toMatchObject({ parentId: 'each', position: { x: 20, y: 130 } });
    const outside = addPlaced(nodes, fresh('call', 320, 400));
    expect(get(outside, 'call').parentId).toBeUndefined();
    expect(loopAt({ x: 420, y: 150 }, nodes)?.id).toBe('each');
  });

  it('moves a node dragged into a loop into its body, and out again, removing edges that would cross', () => {
    const { nodes, edges } = toCanvas(def);
    // "done" dragged onto the loop: its edge from the loop would cross the boundary.
    const dragged = nodes.map((n) => (n.id === 'done' ? { ...n, position: { x: 320, y: 100 } } : n));
    const into = afterDrop(dragged, edges, ['done']);
    expect(get(into.nodes, 'done')).toMatchObject({ parentId: 'each', position: { x: 20, y: 100 } });
    expect(into.edges.map((e) => e.id)).toEqual(['e1', 'e2']);
    expect(into.notice).toBe('1 edge of “done” removed: edges stay inside one loop body (Undo brings them back)');

    // "post" dragged out, to the right of the container (its position is relative to the loop).
    const out = get(into.nodes, 'post');
    const away = into.nodes.map((n) => (n.id === 'post' ? { ...n, position: { x: 700, y: 300 } } : n));
    const back = afterDrop(away, into.edges, ['post']);
    expect(get(back.nodes, 'post').parentId).toBeUndefined();
    expect(get(back.nodes, 'post').position).toEqual({ x: 1000, y: 300 });
    expect(back.edges.map((e) => e.id)).toEqual(['e1']);
    expect(out.parentId).toBe('each');
  });

  it('grows a loop to hold a body node dragged to its edge, never shrinking one made larger', () => {
    const { nodes, edges } = toCanvas(def);
    const wide = nodes.map((n) => (n.id === 'each' ? { ...n, width: 900 } : n));
    const low = wide.map((n) => (n.id === 'post' ? { ...n, position: { x: 300, y: 180 } } : n));
    const r = afterDrop(low, edges, ['post']);
    expect(get(r.nodes, 'post').parentId).toBe('each');
    expect(get(r.nodes, 'each')).toMatchObject({ width: 900, height: 180 + 72 + 24 });
    expect(r.notice).toBeNull();
  });

  it('nests a loop dropped into another, never a loop into itself', () => {
    const { nodes, edges } = toCanvas({ ...def, edges: [] });
    const inner: CanvasNode = {
      id: 'inner',
      type: 'loop',
      position: { x: 1200, y: 0 },
      width: LOOP_MIN.width,
      height: LOOP_MIN.height,
      data: { node: node('inner', 'control.loop') },
    };
    const all = fitLoops([...nodes, inner]);
    const dropped = all.map((n) => (n.id === 'inner' ? { ...n, position: { x: 320, y: 150 } } : n));
    const r = afterDrop(dropped, edges, ['inner']);
    expect(get(r.nodes, 'inner').parentId).toBe('each');
    // The outer loop grew around it; the inner one is listed after it.
    expect(get(r.nodes, 'each').height).toBeGreaterThanOrEqual(150 + LOOP_MIN.height);
    const order = r.nodes.map((n) => n.id);
    expect(order.indexOf('each')).toBeLessThan(order.indexOf('inner'));
    // Dropping the outer loop where it is does not put it inside its own inner loop.
    expect(afterDrop(r.nodes, edges, ['each']).nodes.find((n) => n.id === 'each')?.parentId).toBeUndefined();
    expect(absolutePosition(get(r.nodes, 'inner'), byId(r.nodes))).toEqual({ x: 320, y: 150 });
  });

  it('refuses an edge across a loop boundary, saying which side each end is on', () => {
    const { nodes, edges } = toCanvas(def);
    const problem = connectionProblem(
      { source: 'in', target: 'shape', sourceHandle: 'out', targetHandle: 'in' },
      nodes,
      edges as CanvasEdge[],
      new Map(),
    );
    expect(problem).toBe('“in” is outside any loop and “shape” is inside loop “each”; edges stay inside one loop body');
  });

  it('lays a loop body out inside its container, and the container with the nodes around it', () => {
    const { nodes, edges } = toCanvas(def);
    const laid = autoLayout(nodes, edges);
    const shape = get(laid, 'shape');
    const post = get(laid, 'post');
    expect(shape.position.y).toBeGreaterThanOrEqual(LOOP_HEAD);
    expect(post.position.x).toBeGreaterThan(shape.position.x + 220);
    const loop = get(laid, 'each');
    expect(loop.width).toBeGreaterThanOrEqual(post.position.x + 220);
    expect(get(laid, 'done').position.x).toBeGreaterThanOrEqual(loop.position.x + loop.width!);
  });
});

describe('a control.loop on the versions compare canvas', () => {
  it('draws the loop as a container with its body inside, and a removed body node where it was', async () => {
    const { diffCanvas } = await import('../versions/canvas-model.ts');
    const { diffDefinitions } = await import('../../../shared/flow-diff.ts');
    const to = { ...def, nodes: def.nodes.filter((n) => n.id !== 'shape') };
    const noLoop = { ...def, nodes: def.nodes.filter((n) => !['each', 'post', 'shape'].includes(n.id)) };
    const { nodes } = diffCanvas(def, to, diffDefinitions(def, to), null);
    expect(get(nodes as CanvasNode[], 'each')).toMatchObject({ type: 'loop', width: 544 });
    expect(get(nodes as CanvasNode[], 'post')).toMatchObject({ parentId: 'each', position: { x: 300, y: 80 } });
    expect(get(nodes as CanvasNode[], 'shape')).toMatchObject({ parentId: 'each', data: { diff: 'removed' } });
    // The whole loop removed: its body is drawn in it, greyed out.
    const all = diffCanvas(def, noLoop, diffDefinitions(def, noLoop), null).nodes;
    expect(all.find((n) => n.id === 'shape')).toMatchObject({ parentId: 'each', data: { diff: 'removed' } });
    // A removed body node whose loop is not drawn stands where it was on the canvas.
    const onlyShape = diffCanvas(
      def,
      noLoop,
      { ...diffDefinitions(def, noLoop), removed: [def.nodes[2]!] as never },
      null,
    ).nodes;
    expect(onlyShape.find((n) => n.id === 'shape')).toMatchObject({ position: { x: 324, y: 80 } });
    expect(onlyShape.find((n) => n.id === 'shape')?.parentId).toBeUndefined();
  });
});
