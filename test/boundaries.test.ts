import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nodeRegistry } from '../nodes/registry.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(root, dir))) {
    const p = join(root, dir, name);
    if (name === 'node_modules' || name === 'dist') continue;
    if (statSync(p).isDirectory()) out.push(...sources(relative(root, p)));
    else if (/\.(ts|tsx|mjs)$/.test(name)) out.push(relative(root, p));
  }
  return out;
}

function importsOf(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  return [...text.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map(
    (m) => m[1] ?? m[2],
  );
}

function crossings(folder: string, forbidden: string[]): string[] {
  const bad: string[] = [];
  for (const file of sources(folder))
    for (const spec of importsOf(file)) {
      if (!spec.startsWith('.')) continue;
      const target = relative(root, join(root, file, '..', spec)).split('/')[0];
      if (forbidden.includes(target)) bad.push(`${file} imports ${spec}`);
    }
  return bad;
}

/** The shared/ modules the other folders import, with every shared/ module those import in turn. */
function sharedInUse(): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    for (const spec of importsOf(file)) {
      if (!spec.startsWith('.')) continue;
      const target = relative(root, join(root, file, '..', spec));
      if (target.startsWith('shared/') && !seen.has(target)) {
        seen.add(target);
        visit(target);
      }
    }
  };
  for (const folder of ['designer', 'runtime', 'nodes'])
    for (const file of sources(folder)) if (!file.endsWith('.test.ts')) visit(file);
  return [...seen];
}

describe('folder boundaries', () => {
  it('shared/ imports nothing from the other folders', () => {
    expect(crossings('shared', ['nodes', 'runtime', 'designer'])).toEqual([]);
  });
  it('shared/ modules in use need neither Node nor React (the designer and the runtime both import them)', () => {
    const used = sharedInUse();
    expect(used).toContain('shared/expression-string.ts');
    const bad = used.flatMap((file) =>
      importsOf(file)
        .filter((spec) => /^(node:|react|@xyflow\/|react-dom)/.test(spec))
        .map((spec) => `${file} imports ${spec}`),
    );
    expect(bad).toEqual([]);
  });
  it('nodes/ import only shared/', () => {
    expect(crossings('nodes', ['runtime', 'designer'])).toEqual([]);
  });
  it('designer/ talks to the runtime over HTTP only', () => {
    expect(crossings('designer', ['runtime', 'nodes'])).toEqual([]);
  });
  it('the engine names no node kind', () => {
    const kinds = nodeRegistry.map((d) => d.type);
    const named: string[] = [];
    for (const file of sources('runtime/engine'))
      for (const k of kinds)
        if (!file.endsWith('.test.ts') && readFileSync(join(root, file), 'utf8').includes(`'${k}'`))
          named.push(`${file} names ${k}`);
    expect(named).toEqual([]);
  });
});
