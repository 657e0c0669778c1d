import { defineNode, PORTS, wait } from '../define-node.ts';
import { ErrorCodes, WeftError } from '../../shared/errors.ts';
import { isFileRef } from '../../shared/file-ref.ts';
import { countJsonLines } from '../../shared/json-lines.ts';
import { LOOP_NODE_TYPE, loopConfigSchema } from '../../shared/loop.ts';

export default defineNode({
  type: LOOP_NODE_TYPE,
  typeVersion: 1,
  title: 'Loop',
  category: 'control',
  description:
    'Runs its body (the nodes inside it) for each item of a list, or each batch of items, with a concurrency limit. The list may be a JSON Lines file (e.g. from csv.parse with output "file"), read item by item without loading it. Each item is recorded as a run of its own, so a restart repeats no finished item. Outputs { results, failed }: the body results in item order, and the items whose body failed with their errors.',
  ports: PORTS.step,
  config: loopConfigSchema,
  async execute(ctx, input, c) {
    const items = c.items === undefined || c.items === null ? input : c.items;
    const { concurrency, batchSize, onItemFailure, itemKey } = c;
    const settings = { concurrency, batchSize, onItemFailure, ...(itemKey ? { itemKey } : {}) };
    if (isFileRef(items)) {
      // The file is counted once here (chunk by chunk); the loop then reads its items by cursor.
      const count = await countJsonLines(ctx.files.read(items));
      return wait({ loop: { items: [], file: items, count, ...settings } });
    }
    if (!Array.isArray(items))
      throw new WeftError(
        ErrorCodes.config,
        `items must give a list or a JSON Lines file; it gave ${items === null ? 'null' : typeof items}${c.items === undefined ? ' (the input, as items is empty)' : ''}`,
        { retryable: false },
      );
    return wait({ loop: { items, ...settings } });
  },
});
