import type { ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import type { Draft, VersionInfo } from '../api/types.ts';
import { Empty, ErrorBox, Loading } from '../ui/states.tsx';
import { useVersionDefinition } from './api.ts';
import { CompareResult } from './compare-result.tsx';
import { resolveSides, sideLabel, type Side } from './compare-sides.ts';

function SideSelect({
  id,
  label,
  value,
  versions,
  onChange,
}: {
  id: string;
  label: string;
  value: Side;
  versions: VersionInfo[];
  onChange: (s: Side) => void;
}) {
  return (
    <div className="vside">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={String(value)}
        onChange={(e) => onChange(e.target.value === 'draft' ? 'draft' : Number(e.target.value))}
      >
        <option value="draft">Draft</option>
        {versions.map((v) => (
          <option key={v.version} value={v.version}>
            v{v.version}
            {v.active ? ' (active)' : ''}
            {v.note ? ` — ${v.note.slice(0, 40)}` : ''}
          </option>
        ))}
      </select>
    </div>
  );
}

function useSide(flowId: string, side: Side, draft: Draft) {
  const q = useVersionDefinition(flowId, side === 'draft' ? null : side);
  if (side === 'draft') return { definition: draft.definition, error: null, retry: () => {} };
  return { definition: q.data?.definition, error: q.error, retry: () => void q.refetch() };
}

export function ComparePanel({ flowId, versions, draft }: { flowId: string; versions: VersionInfo[]; draft: Draft }) {
  const [params, setParams] = useSearchParams();
  const sides = resolveSides(params, versions);
  const from = useSide(flowId, sides?.from ?? 'draft', draft);
  const to = useSide(flowId, sides?.to ?? 'draft', draft);
  if (!sides)
    return (
      <Empty title="Nothing to compare yet">
        Publish the draft to create version 1; later versions can then be compared with it and with the draft.
      </Empty>
    );

  const choose = (next: { from: Side; to: Side }) => {
    setParams(
      (p) => {
        const q = new URLSearchParams(p);
        q.set('from', String(next.from));
        q.set('to', String(next.to));
        return q;
      },
      { replace: true, preventScrollReset: true },
    );
  };

  let body: ReactNode;
  if (from.error || to.error) {
    body = (
      <ErrorBox
        title="The versions could not be loaded"
        error={from.error ?? to.error}
        onRetry={() => {
          from.retry();
          to.retry();
        }}
      />
    );
  } else if (!from.definition || !to.definition) {
    body = <Loading what="versions to compare" />;
  } else {
    body = (
      <CompareResult
        key={`${sides.from}>${sides.to}`}
        from={from.definition}
        to={to.definition}
        fromLabel={sideLabel(sides.from)}
        toLabel={sideLabel(sides.to)}
      />
    );
  }

  return (
    <>
      <div className="vcompare-controls">
        <SideSelect
          id="compare-from"
          label="From"
          value={sides.from}
          versions={versions}
          onChange={(s) => choose({ ...sides, from: s })}
        />
        <button
          type="button"
          className="vswap"
          aria-label="Swap From and To"
          title="Swap From and To"
          onClick={() => choose({ from: sides.to, to: sides.from })}
        >
          ⇄
        </button>
        <SideSelect
          id="compare-to"
          label="To"
          value={sides.to}
          versions={versions}
          onChange={(s) => choose({ ...sides, to: s })}
        />
      </div>
      {body}
    </>
  );
}
