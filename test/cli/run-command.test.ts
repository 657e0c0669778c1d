import { afterEach, describe, expect, it, vi } from 'vitest';
import { fileURLToPath } from 'node:url';
import { runCommand } from '../../runtime/cli/run.ts';

const flow = fileURLToPath(new URL('../../flows/opportunity-won.json', import.meta.url));

function capture() {
  const out: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...a) => void out.push(a.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...a) => void out.push(a.join(' ')));
  return out;
}
afterEach(() => vi.restoreAllMocks());

describe('weft run', () => {
  it('runs a flow on one of its saved samples, by number or name', async () => {
    const out = capture();
    expect(await runCommand([flow, '--sample', '3'])).toBe(1);
    expect(out.join('\n')).toMatch(
      /reject \[failed.*\n.*deal_incomplete: opportunity OPP-2001 cannot become a project: \/opportunity\/StageName the opportunity is not closed-won/,
    );
    const byName = capture();
    expect(await runCommand([flow, '--sample', 'Not closed-won (rejected)'])).toBe(1);
    expect(byName.at(-1)).toBe('run failed');
  });

  it('names the samples there are when the one asked for is missing', async () => {
    const out = capture();
    expect(await runCommand([flow, '--sample', '9'])).toBe(2);
    expect(out[0]).toMatch(
      /has no sample "9"; its samples: 1\. Won deal .*, 2\. Unknown tax region .*, 3\. Not closed-won/,
    );
    expect(await runCommand([flow, '--sample', '1', '--input', flow])).toBe(2);
  });
});
