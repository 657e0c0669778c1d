import { describe, expect, it } from 'vitest';
import { weftCli } from '../support/cli.ts';

describe('weft help', () => {
  it.each([['help'], ['--help'], ['-h']])('"weft %s" prints the commands and exits 0', (arg) => {
    const { code, out } = weftCli([arg]);
    expect(code).toBe(0);
    expect(out).toContain('weft start');
    expect(out).toContain('weft migrate');
  });

  it('without a command it prints the commands and exits 1; an unknown command exits 2 naming it', () => {
    expect(weftCli([]).code).toBe(1);
    const unknown = weftCli(['strat']);
    expect(unknown.code).toBe(2);
    expect(unknown.out).toContain('weft: unknown command "strat"');
  });
});
