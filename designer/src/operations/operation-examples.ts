import { useMemo } from 'react';
import { useQueries } from '@tanstack/react-query';
import { useShallow } from 'zustand/react/shallow';
import type { Operation } from '../../../shared/openapi/operation.ts';
import { useEditor } from '../editor/store.ts';
import { exampleOf, type Schema } from './schema-example.ts';
import { OPERATION_KIND } from './operation-palette.tsx';
import { fetchOperations, operationsKey } from './use-operations.ts';

/**
 * What an API operation step outputs, as its operation's response schema describes it: the body, the
 * whole answer with fullResponse, or a list of the page items with paging.
 */
export function operationOutputExample(op: Operation, config: Record<string, unknown>): unknown {
  const body = exampleOf(op.response?.schema as Schema | undefined);
  const paging = config.paging as { itemsPath?: string } | undefined;
  if (paging) {
    let items: unknown = body;
    for (const key of (paging.itemsPath ?? '').split('.').filter(Boolean))
      items = items !== null && typeof items === 'object' ? (items as Record<string, unknown>)[key] : undefined;
    return Array.isArray(items) ? items : [];
  }
  return config.fullResponse === true ? { status: Number(op.response?.status ?? 200), headers: {}, body } : body;
}

/**
 * The outputs the flow's API operation steps would have by their OpenAPI documents, by node id: what
 * completion and the mapper offer for a step before a test run has shown its real answer.
 */
export function useOperationExamples(): Record<string, unknown> {
  // The flow nodes themselves (kept while unchanged), so the selection is equal from one render to the next.
  const nodes = useEditor(useShallow((s) => s.nodes.filter((n) => n.data.node.type === OPERATION_KIND)));
  const steps = useMemo(() => nodes.map((n) => ({ id: n.id, config: n.data.node.config })), [nodes]);
  const connections = useMemo(
    () => [...new Set(steps.map((s) => s.config.connection).filter((c): c is string => typeof c === 'string'))],
    [steps],
  );
  const loaded = useQueries({
    queries: connections.map((id) => ({ queryKey: operationsKey(id), queryFn: () => fetchOperations(id) })),
    combine: (results) => results.map((q) => q.data),
  });
  return useMemo(() => {
    const out: Record<string, unknown> = {};
    for (const s of steps) {
      const spec = loaded[connections.indexOf(s.config.connection as string)];
      const op = spec?.operations.find((o) => o.operationId === s.config.operation);
      if (op?.response?.schema) out[s.id] = operationOutputExample(op, s.config);
    }
    return out;
  }, [steps, connections, loaded]);
}
