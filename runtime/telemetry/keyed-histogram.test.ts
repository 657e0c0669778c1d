import { Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { KeyedHistogram } from './keyed-histogram.ts';

const BOUNDS = [0.005, 0.01, 0.1, 1, 5];
const SAMPLES: [string, number][] = [
  ['map.jsonata', 0.001],
  ['map.jsonata', 0.005],
  ['connector.http', 0.0051],
  ['connector.http', 0.2],
  ['connector.http', 7],
  ['control.respond', 1],
  ['map.jsonata', 0],
];

describe('KeyedHistogram', () => {
  it('exports exactly what prom-client’s Histogram exports for the same observations', async () => {
    const ours = new Registry();
    const theirs = new Registry();
    const keyed = new KeyedHistogram('weft_x_seconds', 'How long', 'kind', BOUNDS, ours);
    const histogram = new Histogram({
      name: 'weft_x_seconds',
      help: 'How long',
      labelNames: ['kind'],
      buckets: BOUNDS,
      registers: [theirs],
    });
    for (const [kind, v] of SAMPLES) {
      keyed.observe(kind, v);
      histogram.observe({ kind }, v);
    }
    expect(await ours.metrics()).toBe(await theirs.metrics());
    // As JSON too, leaving out the exemplars, which this histogram does not keep.
    const plain = async (r: Registry) =>
      (await r.getMetricsAsJSON()).map((m) => ({
        ...m,
        values: m.values.map(
          ({ labels, value, metricName }: { labels: object; value: number; metricName?: string }) => ({
            labels,
            value,
            metricName,
          }),
        ),
      }));
    expect(await plain(ours)).toEqual(await plain(theirs));
    ours.resetMetrics();
    theirs.resetMetrics();
    expect(await ours.metrics()).toBe(await theirs.metrics());
  });
});
