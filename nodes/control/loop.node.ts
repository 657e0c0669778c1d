import { defineNode, PORTS, wait } from '../define-node.ts';
import { ErrorCodes, WeftError } from '../../shared/errors.ts';
import { LOOP_NODE_TYPE, loopConfigSchema } from '../../shared/loop.ts';

export default defineNode({
  type: LOOP_NODE_TYPE,
  typeVersion: 1,
  title: 'Loop',
  category: 'control',
  description:
    'Runs its body (the nodes inside it) for each item of a list, or each batch of items, with a concurrency limit. Each item is recorded as a run of its own, so a restart repeats no finished item. Outputs { results, failed }: the body results in item order, and the items whose body failed with their errors.',
  ports: PORTS.step,
  config: loopConfigSchema,
  execute(_ctx, input, c) {
    const items = c.items === undefined || c.items === null ? input : c.items;
    if (!Array.isArray(items))
      throw new WeftError(
        ErrorCodes.config,
        `items must give a list; it gave ${items === null ? 'null' : typeof items}${c.items === undefined ? ' (the input, as items is empty)' : ''}`,
        { retryable: false },
      );
    const { concurrency, batchSize, onItemFailure, itemKey } = c;
    return wait({ loop: { items, concurrency, batchSize, onItemFailure, ...(itemKey ? { itemKey } : {}) } });
  },
});
