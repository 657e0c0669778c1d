import { useCallback, useEffect, useRef } from 'react';
import { useNodesInitialized, useReactFlow, useStore, useStoreApi, type Node } from '@xyflow/react';
import { openingView } from './opening-view.ts';

/** Which node the view starts at when the flow is larger than the screen. */
export type PickAnchor = (nodes: Node[]) => Node | undefined;

/** Returns the function that shows the flow at a readable zoom, starting at the node `pickAnchor` chooses. */
export function useReadableView(pickAnchor: PickAnchor) {
  const { getNodes, getInternalNode, setViewport } = useReactFlow();
  const store = useStoreApi();
  return useCallback(
    (duration = 0) => {
      const { width, height } = store.getState();
      const nodes = getNodes();
      // A loop's body node is positioned relative to its loop: the box is where it is in the flow.
      const at = (n: Node) => getInternalNode(n.id)?.internals.positionAbsolute ?? n.position;
      const box = (n: Node) => ({
        x: at(n).x,
        y: at(n).y,
        width: n.measured?.width ?? 220,
        height: n.measured?.height ?? 60,
      });
      const anchor = pickAnchor(nodes);
      void setViewport(openingView(nodes.map(box), anchor && box(anchor), { width, height }), { duration });
    },
    [getNodes, getInternalNode, setViewport, store, pickAnchor],
  );
}

/** Once the nodes the canvas opened with are measured, shows them readable. A canvas that opened empty stays at the origin. */
export function useOpeningView(hadNodes: boolean, pickAnchor: PickAnchor) {
  const initialized = useNodesInitialized();
  // The canvas must have its size too: before React Flow has measured it, there is nothing to fit into.
  const sized = useStore((s) => s.width > 0 && s.height > 0);
  const pending = useRef(hadNodes);
  const show = useReadableView(pickAnchor);
  useEffect(() => {
    if (!initialized || !sized || !pending.current) return;
    pending.current = false;
    show();
  }, [initialized, sized, show]);
}
