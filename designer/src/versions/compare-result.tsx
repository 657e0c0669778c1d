import { useMemo, useState } from 'react';
import { ReactFlowProvider, useReactFlow } from '@xyflow/react';
import type { FlowDefinition } from '../api/types.ts';
import { useNodeTypes } from '../api/queries.ts';
import { Empty, ErrorBox, Loading } from '../ui/states.tsx';
import { CatalogueProvider } from './catalogue.ts';
import { diffCanvas } from './canvas-model.ts';
import { diffDefinitions, isEmptyDiff, summarizeDiff } from '../../../shared/flow-diff.ts';
import { DiffCanvas, DiffLegend } from './diff-canvas.tsx';
import { DiffList, diffEntryId } from './diff-list.tsx';

interface Props {
  from: FlowDefinition;
  to: FlowDefinition;
  fromLabel: string;
  toLabel: string;
}

function Result({ from, to, fromLabel, toLabel }: Props) {
  const nodeTypes = useNodeTypes();
  const flow = useReactFlow();
  const [selected, setSelected] = useState<string | null>(null);
  const diff = useMemo(() => diffDefinitions(from, to), [from, to]);
  const canvas = useMemo(() => diffCanvas(from, to, diff, selected), [from, to, diff, selected]);
  const catalogue = useMemo(() => new Map((nodeTypes.data ?? []).map((t) => [t.type, t])), [nodeTypes.data]);
  const empty = isEmptyDiff(diff);

  const focus = (ids: string[]) => {
    setSelected(ids.length === 1 ? ids[0] : null);
    void flow.fitView({ nodes: ids.map((id) => ({ id })), duration: 400, maxZoom: 1.2, padding: 0.6 });
  };
  const selectFromCanvas = (id: string) => {
    setSelected(id);
    document.getElementById(diffEntryId(id))?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  };

  return (
    <CatalogueProvider value={catalogue}>
      <p className="vsummary" role="status">
        {fromLabel} → {toLabel}: {summarizeDiff(diff)}
      </p>
      <div className="vcompare-body">
        <div className="vcompare-list">
          {empty ? (
            <Empty title="No differences">
              {fromLabel} and {toLabel} hold the same nodes, connections and settings. Pick other versions above to
              compare.
            </Empty>
          ) : (
            <DiffList diff={diff} from={from} to={to} selected={selected} onSelect={focus} />
          )}
        </div>
        <div className="vcompare-canvas">
          {nodeTypes.isPending ? (
            <Loading what="node kinds" />
          ) : (
            <>
              {nodeTypes.isError && (
                <ErrorBox
                  title="Node kinds could not be loaded; nodes are shown without their ports."
                  error={nodeTypes.error}
                  onRetry={() => void nodeTypes.refetch()}
                />
              )}
              <DiffCanvas
                nodes={canvas.nodes}
                edges={canvas.edges}
                label={`Flow as of ${toLabel}`}
                onSelect={selectFromCanvas}
              />
              <DiffLegend />
            </>
          )}
        </div>
      </div>
    </CatalogueProvider>
  );
}

/** Differences between two definitions, as lists beside a canvas of the newer one. */
export function CompareResult(props: Props) {
  return (
    <ReactFlowProvider>
      <Result {...props} />
    </ReactFlowProvider>
  );
}
