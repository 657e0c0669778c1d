import { useReactFlow } from '@xyflow/react';
import { useCallback } from 'react';
import { useEditor } from './store.ts';

/** Selects a node and brings it into view. */
export function useFocusNode() {
  const { setCenter, getZoom, getInternalNode } = useReactFlow();
  return useCallback(
    (id: string) => {
      const s = useEditor.getState();
      const n = s.nodes.find((x) => x.id === id);
      if (!n) return;
      s.select([id]);
      const w = n.measured?.width ?? 220;
      const h = n.measured?.height ?? 60;
      // A loop's body node is positioned relative to its loop.
      const at = getInternalNode(id)?.internals.positionAbsolute ?? n.position;
      setCenter(at.x + w / 2, at.y + h / 2, { zoom: Math.max(getZoom(), 0.8), duration: 250 });
    },
    [setCenter, getZoom, getInternalNode],
  );
}
