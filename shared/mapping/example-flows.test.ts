import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import jsonata from 'jsonata';
import { generate, isUnsupported, parse } from './index.ts';

const flowsDir = fileURLToPath(new URL('../../flows', import.meta.url));

interface FlowFile {
  samples?: { payload: unknown }[];
  nodes: { id: string; type: string; config: { expression?: string } }[];
}

const mapNodes = readdirSync(flowsDir)
  .filter((f) => f.endsWith('.json'))
  .flatMap((file) => {
    const flow = JSON.parse(readFileSync(join(flowsDir, file), 'utf8')) as FlowFile;
    return flow.nodes
      .filter((n) => n.type === 'map.jsonata' && typeof n.config.expression === 'string')
      .map((n) => ({ file, node: n.id, text: n.config.expression as string, samples: flow.samples ?? [] }));
  });

const representable = mapNodes.filter((m) => !isUnsupported(parse(m.text)));
const other = mapNodes.map((m) => ({ ...m, result: parse(m.text) })).filter((m) => isUnsupported(m.result));

describe("the example flows' map nodes", () => {
  it('are there, and the mapper shows at least one of them as lines', () => {
    expect(mapNodes.length).toBeGreaterThan(0);
    expect(representable.map((m) => `${m.file}#${m.node}`)).toContain('time-approved.json#canonical');
  });

  it.each(representable.map((m) => [`${m.file}#${m.node}`, m] as const))(
    '%s reads as lines that write an expression doing the same on its samples',
    async (_name, m) => {
      const mapping = parse(m.text);
      if (isUnsupported(mapping)) throw new Error(mapping.reason);
      const written = generate(mapping);
      expect(parse(written)).toEqual(mapping);
      for (const s of m.samples)
        expect(await jsonata(written).evaluate(s.payload)).toEqual(await jsonata(m.text).evaluate(s.payload));
    },
  );

  // Shown in the code editor with this reason instead of the mapper; listed so that it is visible.
  it.each(other.map((m) => [`${m.file}#${m.node}`, isUnsupported(m.result) ? m.result.reason : ''] as const))(
    '%s stays code: %s',
    (_name, reason) => {
      expect(reason.length).toBeGreaterThan(10);
    },
  );

  it('the ones the mapper cannot show are the computed ones, each for its reason', () => {
    const reasons = Object.fromEntries(
      other.map((m) => [`${m.file}#${m.node}`, isUnsupported(m.result) && m.result.reason]),
    );
    expect(reasons).toMatchObject({
      'opportunity-won.json#customer': 'the whole result is chosen by a condition, not built field by field',
      'opportunity-won.json#billing_account': 'the whole result is chosen by a condition, not built field by field',
      'time-approved.json#decide': 'it computes in steps with variables ($name := …), which the mapper does not write',
      'milestone-accepted.json#eligibility':
        'it computes in steps with variables ($name := …), which the mapper does not write',
    });
  });
});
