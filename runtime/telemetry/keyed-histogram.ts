import type { Metric, Registry } from 'prom-client';

/** One exported value, as prom-client's registry reads it from a metric's get(). */
interface Value {
  metricName: string;
  labels: Record<string, string | number>;
  value: number;
}

interface Series {
  /** Observations per bucket (not cumulative), the last one past every bound. */
  counts: Float64Array;
  sum: number;
  count: number;
}

/**
 * A Prometheus histogram with one label, registered in a prom-client registry and exported by it as
 * prom-client's own Histogram is (cumulative `_bucket` series with `le`, then `_sum` and `_count`).
 * Observing is a map lookup and a search of the bounds: no label object, no validation and no hashing of
 * labels per observation, which prom-client's Histogram does, for a figure taken at every step of every run.
 */
export class KeyedHistogram<L extends string> {
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  private readonly series = new Map<string, Series>();

  constructor(
    readonly name: string,
    readonly help: string,
    private readonly label: L,
    private readonly bounds: readonly number[],
    registry: Registry,
  ) {
    registry.registerMetric(this as unknown as Metric);
  }

  observe(key: string, value: number): void {
    let s = this.series.get(key);
    if (!s) {
      s = { counts: new Float64Array(this.bounds.length + 1), sum: 0, count: 0 };
      this.series.set(key, s);
    }
    let i = 0;
    while (i < this.bounds.length && value > this.bounds[i]) i++;
    s.counts[i]++;
    s.sum += value;
    s.count++;
  }

  async get(): Promise<{ name: string; help: string; type: 'histogram'; values: Value[]; aggregator: 'sum' }> {
    const values: Value[] = [];
    for (const [key, s] of this.series) {
      let acc = 0;
      for (let i = 0; i < this.bounds.length; i++) {
        acc += s.counts[i];
        values.push({
          metricName: `${this.name}_bucket`,
          labels: { le: this.bounds[i], [this.label]: key },
          value: acc,
        });
      }
      values.push(
        { metricName: `${this.name}_bucket`, labels: { le: '+Inf', [this.label]: key }, value: s.count },
        { metricName: `${this.name}_sum`, labels: { [this.label]: key }, value: s.sum },
        { metricName: `${this.name}_count`, labels: { [this.label]: key }, value: s.count },
      );
    }
    return { name: this.name, help: this.help, type: this.type, values, aggregator: this.aggregator };
  }

  reset(): void {
    this.series.clear();
  }
}
