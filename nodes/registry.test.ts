import { describe, it, expect } from 'vitest';
import { z } from 'zod';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { nodeRegistry, findNode } from './registry.ts';
import { portsOf } from './define-node.ts';

const here = new URL('.', import.meta.url).pathname;

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)],
  );
}

describe('node registry', () => {
  it('has no duplicate type@typeVersion', () => {
    const keys = nodeRegistry.map((d) => `${d.type}@${d.typeVersion}`);
    const dupes = keys.filter((k, i) => keys.indexOf(k) !== i);
    expect(dupes).toEqual([]);
  });

  it('lists every *.node.ts module', async () => {
    const files = filesUnder(here).filter((f) => f.endsWith('.node.ts'));
    for (const f of files) {
      const mod = (await import(f)) as { default: unknown };
      expect(nodeRegistry, relative(here, f)).toContain(mod.default);
    }
    expect(files.length).toBe(nodeRegistry.length);
  });

  it.each(nodeRegistry.map((d) => [`${d.type}@${d.typeVersion}`, d] as const))(
    '%s converts to JSON Schema with descriptions',
    (_k, d) => {
      const schema = z.toJSONSchema(d.config, { io: 'input' }) as {
        type?: string;
        properties?: Record<string, { description?: string }>;
      };
      expect(schema.type).toBe('object');
      for (const [name, prop] of Object.entries(schema.properties ?? {}))
        expect(prop.description, `${d.type}.${name}: a description that starts like a sentence`).toMatch(
          /^[A-Z][^\n]{5,}$/,
        );
    },
  );

  it('descriptors are well formed', () => {
    for (const d of nodeRegistry) {
      expect(d.type).toMatch(/^[a-z][a-z0-9]*(\.[a-z][a-z0-9-]*)+$/);
      expect(Boolean(d.trigger)).toBe(d.category === 'trigger');
      expect(d.trigger ? portsOf(d, {}).inputs : ['in']).toEqual(d.trigger ? [] : ['in']);
    }
  });

  it('findNode finds by type and version', () => {
    expect(findNode('map.jsonata', 1)?.type).toBe('map.jsonata');
    expect(findNode('map.jsonata', 99)).toBeUndefined();
    expect(findNode('nope', 1)).toBeUndefined();
  });

  it('node modules import only shared/ and their own folder (boundary)', () => {
    const allowed =
      /^(zod|jsonata|ajv|ajv\/dist\/20(19|20)\.js|ajv-formats|croner|isolated-vm|csv-parse|csv-stringify|date-fns(\/\w+)?|ssh2-sftp-client|amqplib|@nats-io\/transport-node|@nats-io\/jetstream|picomatch|node:.*)$/;
    for (const f of filesUnder(here).filter((x) => x.endsWith('.ts') && !x.endsWith('.test.ts'))) {
      const src = readFileSync(f, 'utf8');
      for (const m of src.matchAll(/(?:from\s+|import\()\s*'([^']+)'/g)) {
        const spec = m[1];
        if (spec.startsWith('.'))
          expect(join(f, '..', spec).startsWith(join(here, '..', 'runtime')), `${relative(here, f)} → ${spec}`).toBe(
            false,
          );
        else expect(spec, relative(here, f)).toMatch(allowed);
        expect(spec, relative(here, f)).not.toMatch(/designer|runtime/);
      }
    }
  });
});
