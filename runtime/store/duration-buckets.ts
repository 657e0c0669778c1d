/**
 * The duration buckets of the run roll-ups: bucket 0 holds durations under 1 ms, bucket i (i ≥ 1) those
 * from BOUNDS[i − 1] up to BOUNDS[i], each bound about 19% (2^¼) past the one before, so a percentile read
 * from the buckets is within that of the exact one. The last bucket holds everything from its bound on.
 */
const LIMIT = 400 * 86_400_000;

function bounds(): number[] {
  const out: number[] = [];
  for (let k = 0; ; k++) {
    const b = Math.round(2 ** (k / 4));
    if (b > LIMIT) return out;
    if (out[out.length - 1] !== b) out.push(b);
  }
}

/** Upper bounds (exclusive, ms) of buckets 0 … BOUNDS.length − 1; bucket BOUNDS.length is the rest. */
export const BOUNDS: readonly number[] = bounds();

/** The bucket a duration falls in. */
export function bucketOf(ms: number): number {
  let lo = 0;
  let hi = BOUNDS.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ms < BOUNDS[mid]) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** The lowest and highest duration of a bucket (ms). */
export function bucketRange(bucket: number): [number, number] {
  const lo = bucket === 0 ? 0 : BOUNDS[bucket - 1];
  const hi = bucket < BOUNDS.length ? BOUNDS[bucket] - 1 : LIMIT;
  return [lo, Math.max(lo, hi)];
}

/**
 * SQL (both dialects) giving the bucket of the duration `expr`, as bucketOf does: a binary search over the
 * bounds written as nested CASEs, so a duration takes about eight comparisons, not one per bound. SQLite
 * compiles it once per prepared statement; PostgreSQL builds a statement's expressions again at every
 * execution, so there bucketSqlPostgres is the one to use.
 */
export function bucketSql(expr: string): string {
  const search = (lo: number, hi: number): string => {
    if (lo === hi) return String(lo);
    const mid = (lo + hi) >> 1;
    return `CASE WHEN ${expr} < ${BOUNDS[mid]} THEN ${search(lo, mid)} ELSE ${search(mid + 1, hi)} END`;
  };
  return search(0, BOUNDS.length);
}

/**
 * bucketSql on PostgreSQL: width_bucket over the bounds as one array constant, the number of bounds not
 * above the duration, as bucketOf gives it; the last bucket for a duration that is NULL, as the CASEs give.
 * One function call to set up per execution instead of some 400 expression nodes.
 */
export function bucketSqlPostgres(expr: string): string {
  return `COALESCE(width_bucket(CAST(${expr} AS BIGINT), CAST('{${BOUNDS.join(',')}}' AS BIGINT[])), ${BOUNDS.length})`;
}

/**
 * The q-quantile (0 < q ≤ 1) of the durations counted in `histogram` (bucket → count), as the middle of the
 * bucket it falls in; null when nothing was counted.
 */
export function quantile(histogram: ReadonlyMap<number, number>, q: number): number | null {
  const entries = [...histogram].filter(([, n]) => n > 0).sort((a, b) => a[0] - b[0]);
  const total = entries.reduce((s, [, n]) => s + n, 0);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  for (const [bucket, n] of entries) {
    seen += n;
    if (seen >= rank) {
      const [lo, hi] = bucketRange(bucket);
      return Math.round((lo + hi) / 2);
    }
  }
  return null;
}

/**
 * How many of the durations counted in `buckets` surely exceed `limitMs`: those in buckets whose shortest
 * duration is longer. Exact when limitMs + 1 starts a bucket; otherwise the bucket holding limitMs is left out.
 */
export function countOver(buckets: Iterable<{ bucket: number; count: number }>, limitMs: number): number {
  let n = 0;
  for (const b of buckets) if (bucketRange(b.bucket)[0] > limitMs) n += b.count;
  return n;
}
