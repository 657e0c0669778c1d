import { describe, expect, it } from 'vitest';
import { envReferences } from './env-references.ts';

describe('envReferences', () => {
  it('finds each $env.NAME once, from the syntax tree', () => {
    const refs = envReferences(`$env.ERP_BASE & '/projects/' & $env.\`ERP_COMPANY\` & $env.ERP_BASE`);
    expect(refs.map((r) => r.name)).toEqual(['ERP_BASE', 'ERP_COMPANY']);
    expect(refs[0]!.position).toBe(0);
  });

  it('ignores names in strings, other variables and expressions that do not parse', () => {
    expect(envReferences(`"$env.IN_TEXT" & $other.X & env.NOT_A_VARIABLE`)).toEqual([]);
    expect(envReferences('$env.X +')).toEqual([]);
  });

  it('finds uses inside functions, predicates and blocks', () => {
    const refs = envReferences('($t := $number($env.THRESHOLD); items[amount > $t and code = $env.CODE])');
    expect(refs.map((r) => r.name).sort()).toEqual(['CODE', 'THRESHOLD']);
  });
});
