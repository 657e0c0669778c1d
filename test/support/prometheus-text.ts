/**
 * A strict reader of the Prometheus text exposition format (version 0.0.4), for tests: every line must
 * be a comment, HELP, TYPE or sample line of the format; a family's TYPE comes before its samples, its
 * samples stand together, a series appears once, counters are not negative, and each histogram series
 * has ascending `le` buckets that never decrease, ending at +Inf equal to its _count, with a _sum.
 * Anything else throws, naming the line.
 */

export type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Family {
  name: string;
  type: MetricType;
  help: string | null;
  samples: Sample[];
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TYPES = new Set<MetricType>(['counter', 'gauge', 'histogram', 'summary', 'untyped']);
const SUFFIXES: Record<MetricType, string[]> = {
  counter: ['', '_total'],
  gauge: [''],
  untyped: [''],
  histogram: ['_bucket', '_sum', '_count'],
  summary: ['', '_sum', '_count'],
};

export function parsePrometheusText(text: string): Map<string, Family> {
  if (text !== '' && !text.endsWith('\n')) throw new Error('the exposition must end with a newline');
  const families = new Map<string, Family>();
  const closed = new Set<string>();
  const series = new Set<string>();
  let current: Family | null = null;
  const lines = text.split('\n').slice(0, -1);
  lines.forEach((line, i) => {
    const fail = (why: string): never => {
      throw new Error(`line ${i + 1}: ${why}: ${JSON.stringify(line)}`);
    };
    const open = (name: string): Family => {
      if (current?.name === name) return current;
      if (current) closed.add(current.name);
      if (closed.has(name)) fail(`family ${name} appears again after other families`);
      const f = families.get(name) ?? { name, type: 'untyped' as MetricType, help: null, samples: [] };
      families.set(name, f);
      current = f;
      return f;
    };
    if (line.trim() === '') return;
    if (line.startsWith('#')) {
      const m = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line);
      if (!m) return; // a plain comment
      const [, kind, name, rest] = m as unknown as [string, 'HELP' | 'TYPE', string, string];
      if (!NAME.test(name)) fail('bad metric name');
      const f = open(name);
      if (kind === 'HELP') {
        if (f.help !== null) fail('second HELP');
        f.help = unescapeText(rest, false, fail);
      } else {
        if (!TYPES.has(rest as MetricType)) fail('unknown type');
        if (f.samples.length > 0 || (families.get(name) && f.type !== 'untyped')) fail('TYPE after samples or twice');
        f.type = rest as MetricType;
      }
      return;
    }
    const s = parseSample(line, fail);
    const key = `${s.name}{${Object.entries(s.labels)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
      .join(',')}}`;
    if (series.has(key)) fail('series repeated');
    series.add(key);
    const f = current && belongs(current, s.name) ? current : open(s.name);
    if (!belongs(f, s.name)) fail(`sample does not belong to ${f.type} ${f.name}`);
    if (f.type === 'counter' && !(s.value >= 0)) fail('counter below zero');
    f.samples.push(s);
  });
  for (const f of families.values()) if (f.type === 'histogram') checkHistogram(f);
  return families;
}

function belongs(f: Family, sample: string): boolean {
  return SUFFIXES[f.type].some((suffix) => sample === f.name + suffix);
}

function parseSample(line: string, fail: (why: string) => never): Sample {
  const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{.*\})? (\S+)( -?\d+)?$/.exec(line);
  if (!m) return fail('not a sample line');
  const [, name, braces, raw] = m as unknown as [string, string, string | undefined, string];
  const value = raw === '+Inf' ? Infinity : raw === '-Inf' ? -Infinity : raw === 'NaN' ? NaN : Number(raw);
  if (Number.isNaN(value) && raw !== 'NaN') fail('bad value');
  if (!/^[-+]?(\d+\.?\d*([eE][-+]?\d+)?|\.\d+([eE][-+]?\d+)?|Inf|NaN)$/.test(raw)) fail('bad value');
  return { name, labels: braces ? parseLabels(braces.slice(1, -1), fail) : {}, value };
}

function parseLabels(body: string, fail: (why: string) => never): Record<string, string> {
  const labels: Record<string, string> = {};
  let i = 0;
  while (i < body.length) {
    const eq = body.indexOf('=', i);
    if (eq < 0) fail('label without a value');
    const name = body.slice(i, eq);
    if (!LABEL.test(name)) fail(`bad label name ${JSON.stringify(name)}`);
    if (name in labels) fail(`label ${name} twice`);
    if (body[eq + 1] !== '"') fail('label value not quoted');
    let j = eq + 2;
    while (j < body.length && body[j] !== '"') j += body[j] === '\\' ? 2 : 1;
    if (j >= body.length) fail('label value not closed');
    labels[name] = unescapeText(body.slice(eq + 2, j), true, fail);
    i = j + 1;
    if (i < body.length) {
      if (body[i] !== ',') fail('labels not separated by a comma');
      i++;
    }
  }
  return labels;
}

/** Label values escape \\, \" and \n; HELP text \\ and \n. */
function unescapeText(s: string, quotes: boolean, fail: (why: string) => never): string {
  return s.replace(/\\(.?)/g, (_, c: string) => {
    if (c === '\\') return '\\';
    if (c === 'n') return '\n';
    if (c === '"' && quotes) return '"';
    return fail(`bad escape \\${c}`);
  });
}

function checkHistogram(f: Family): void {
  const byLabels = new Map<string, { buckets: [number, number][]; sum?: number; count?: number }>();
  for (const s of f.samples) {
    const { le, ...rest } = s.labels;
    const key = JSON.stringify(Object.entries(rest).sort(([a], [b]) => a.localeCompare(b)));
    const h = byLabels.get(key) ?? { buckets: [] };
    byLabels.set(key, h);
    if (s.name.endsWith('_bucket')) {
      if (le === undefined) throw new Error(`${f.name}: a bucket without le`);
      h.buckets.push([le === '+Inf' ? Infinity : Number(le), s.value]);
    } else if (le !== undefined) throw new Error(`${s.name} has an le label`);
    else if (s.name.endsWith('_sum')) h.sum = s.value;
    else h.count = s.value;
  }
  for (const [key, h] of byLabels) {
    const where = `${f.name} ${key}`;
    if (h.sum === undefined || h.count === undefined) throw new Error(`${where}: no _sum or _count`);
    const last = h.buckets.at(-1);
    if (!last || last[0] !== Infinity) throw new Error(`${where}: no +Inf bucket last`);
    if (last[1] !== h.count) throw new Error(`${where}: +Inf bucket ${last[1]} is not _count ${h.count}`);
    for (let i = 1; i < h.buckets.length; i++) {
      const [le, n] = h.buckets[i]!;
      const [prevLe, prevN] = h.buckets[i - 1]!;
      if (!(le > prevLe)) throw new Error(`${where}: buckets not in ascending le`);
      if (n < prevN) throw new Error(`${where}: bucket le=${le} holds fewer than the one before`);
    }
  }
}

/** The value of the series of `name` with exactly `labels` (0 when it is absent). */
export function seriesValue(families: Map<string, Family>, name: string, labels: Record<string, string> = {}): number {
  for (const f of families.values())
    for (const s of f.samples) if (s.name === name && sameLabels(s.labels, labels)) return s.value;
  return 0;
}

/** The names of every sample present. */
export function sampleNames(families: Map<string, Family>): Set<string> {
  return new Set([...families.values()].flatMap((f) => f.samples.map((s) => s.name)));
}

function sameLabels(a: Record<string, string>, b: Record<string, string>): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
}
