import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { validateFlow } from '../../runtime/flows/validate-flow.ts';
import { findNode, nodeRegistry } from '../../nodes/registry.ts';
import { webhookRouteKey } from '../../shared/flow.ts';

const dir = fileURLToPath(new URL('../../flows', import.meta.url));
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort();
const defs = files.map((f) => ({ file: f, def: JSON.parse(readFileSync(join(dir, f), 'utf8')) }));

describe('the example flow files', () => {
  it('are the eight professional-services hand-offs', () => {
    expect(defs.map((d) => d.def.id).sort()).toEqual([
      'contract-executed',
      'invoice-posted',
      'milestone-accepted',
      'nightly-reconciliation',
      'opportunity-won',
      'payroll-expenses',
      'period-close',
      'time-approved',
    ]);
  });

  it.each(defs)(
    '$file passes validation without a warning, uses only Weft’s node kinds and carries samples',
    ({ file, def }) => {
      expect(validateFlow(def, findNode)).toEqual([]);
      expect(`${def.id}.json`).toBe(file);
      const kinds = new Set(nodeRegistry.map((d) => d.type));
      for (const n of def.nodes) expect([...kinds], `${n.id} is ${n.type}`).toContain(n.type);
      expect(def.samples.length).toBeGreaterThan(0);
      for (const n of def.nodes)
        expect(n.ui?.position, `${n.id} has a position`).toEqual({ x: expect.any(Number), y: expect.any(Number) });
    },
  );

  it('listen on distinct webhook routes', () => {
    const routes = defs.flatMap(({ def }) =>
      def.nodes
        .filter((n: { type: string }) => n.type === 'trigger.webhook')
        .map((n: { config: { method?: string; path: string } }) => webhookRouteKey(n.config)),
    );
    expect(new Set(routes).size).toBe(routes.length);
  });
});
