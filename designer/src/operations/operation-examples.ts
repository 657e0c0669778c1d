import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { Operation } from '../../../shared/openapi/operation.ts';
import { useEditor } from '../editor/store.ts';
import { exampleOf, type Schema } from './schema-example.ts';
import { OPERATION_KIND } from './operation-palette.tsx';
import { useSpecs } from './use-operations.ts';

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
  const specs = useSpecs().data;
  return useMemo(() => {
    const out: Record<string, unknown> = {};
    for (const n of nodes) {
      const config = n.data.node.config;
      const spec = specs?.find((s) => s.connectionId === config.connection);
      const op = spec?.operations.find((o) => o.operationId === config.operation);
      if (op?.response?.schema) out[n.id] = operationOutputExample(op, config);
    }
    return out;
  }, [nodes, specs]);
}
