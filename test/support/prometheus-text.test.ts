import { describe, it, expect } from 'vitest';
import { parsePrometheusText, seriesValue } from './prometheus-text.ts';

const GOOD = `# HELP runs_total Runs that ended, "quoted" and a back\\\\slash
# TYPE runs_total counter
runs_total{flow="a",status="succeeded"} 3
runs_total{flow="a\\"b\\\\c\\nd",status="failed"} 2
# TYPE lag gauge
lag 0.0025
# TYPE took histogram
took_bucket{le="0.1",kind="x"} 1
took_bucket{le="1",kind="x"} 3
took_bucket{le="+Inf",kind="x"} 3
took_sum{kind="x"} 1.5e-1
took_count{kind="x"} 3
`;

const broken = (text: string) => () => parsePrometheusText(text);

describe('the Prometheus text reader of the tests', () => {
  it('reads families, types, help, labels with escapes and values', () => {
    const f = parsePrometheusText(GOOD);
    expect([...f.keys()]).toEqual(['runs_total', 'lag', 'took']);
    expect(f.get('runs_total')).toMatchObject({ type: 'counter', help: 'Runs that ended, "quoted" and a back\\slash' });
    expect(seriesValue(f, 'runs_total', { flow: 'a', status: 'succeeded' })).toBe(3);
    expect(seriesValue(f, 'runs_total', { flow: 'a"b\\c\nd', status: 'failed' })).toBe(2);
    expect(seriesValue(f, 'took_sum', { kind: 'x' })).toBe(0.15);
    expect(seriesValue(f, 'lag')).toBe(0.0025);
  });

  it('refuses what the format does not allow', () => {
    expect(broken('lag 1')).toThrow(/newline/);
    expect(broken('9lag 1\n')).toThrow(/not a sample line/);
    expect(broken('lag one\n')).toThrow(/not a sample line|bad value/);
    expect(broken('lag{a=b} 1\n')).toThrow(/not quoted/);
    expect(broken('lag{a="x" b="y"} 1\n')).toThrow(/comma/);
    expect(broken('lag{a="x\\t"} 1\n')).toThrow(/bad escape/);
    expect(broken('lag{1a="x"} 1\n')).toThrow(/bad label name/);
    expect(broken('lag{a="x",a="y"} 1\n')).toThrow(/twice/);
    expect(broken('lag 1\nlag 2\n')).toThrow(/repeated/);
    expect(broken('# TYPE lag gauge\n# TYPE lag gauge\n')).toThrow(/TYPE/);
    expect(broken('lag 1\n# TYPE lag gauge\n')).toThrow(/TYPE after samples/);
    expect(broken('# TYPE lag sometimes\n')).toThrow(/unknown type/);
    expect(broken('a 1\nb 1\na{x="1"} 1\n')).toThrow(/appears again/);
    expect(broken('# TYPE c counter\nc -1\n')).toThrow(/below zero/);
    expect(broken('# TYPE lag gauge\nlag_total 1\n# TYPE lag_total counter\n')).toThrow(/TYPE after samples/);
  });

  it('refuses a histogram that does not add up', () => {
    const h = (lines: string) => `# TYPE t histogram\n${lines}`;
    expect(broken(h('t_bucket{le="1"} 1\nt_bucket{le="+Inf"} 2\nt_sum 1\nt_count 3\n'))).toThrow(/not _count/);
    expect(broken(h('t_bucket{le="1"} 2\nt_bucket{le="+Inf"} 1\nt_sum 1\nt_count 1\n'))).toThrow(/fewer/);
    expect(broken(h('t_bucket{le="2"} 1\nt_bucket{le="1"} 1\nt_bucket{le="+Inf"} 1\nt_sum 1\nt_count 1\n'))).toThrow(
      /ascending/,
    );
    expect(broken(h('t_bucket{le="1"} 1\nt_sum 1\nt_count 1\n'))).toThrow(/\+Inf/);
    expect(broken(h('t_bucket{le="+Inf"} 1\nt_count 1\n'))).toThrow(/_sum/);
    expect(broken(h('t 1\n'))).toThrow(/does not belong/);
  });
});
