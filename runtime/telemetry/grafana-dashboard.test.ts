import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Weft } from '../weft.ts';
import { ManualClock } from '../engine/clock.ts';
import { HttpStub } from '../../test/support/http-stub.ts';
import { flow, n } from '../../test/support/flows.ts';
import { eventually } from '../../test/support/poll.ts';
import { client } from '../../test/support/api.ts';
import { testWeft, deploy, start, stepReaches } from '../../test/support/weft.ts';
import { parsePrometheusText, sampleNames, seriesValue, type Family } from '../../test/support/prometheus-text.ts';

/**
 * The Grafana dashboard shipped beside the metrics: every metric it queries, and every label it groups
 * or filters by, is in what GET /metrics serves once a runtime has run flows, called downstreams and
 * retried a step.
 */
interface Target {
  expr: string;
  refId: string;
  datasource: { uid: string };
}
interface Panel {
  id: number;
  title: string;
  type: string;
  datasource: { type: string; uid: string };
  targets: Target[];
}
interface Dashboard {
  uid: string;
  panels: Panel[];
  templating: { list: { name: string; type: string; definition?: string }[] };
}

const dashboard = JSON.parse(readFileSync(new URL('./grafana-dashboard.json', import.meta.url), 'utf8')) as Dashboard;

// biome-ignore lint/suspicious/noTemplateCurlyInString: Grafana's variable syntax, taken literally.
const DATA_SOURCE = '${datasource}';

/** Labels Prometheus adds when it scrapes, not found in the exposition itself. */
const SCRAPE_LABELS = new Set(['instance', 'job']);
const METRIC = /\b(?:weft|nodejs|process)_[a-z0-9_]+\b/g;

/** The queries of the dashboard: each panel's targets and the variables' label_values. */
const queries = (): { where: string; expr: string }[] => [
  ...dashboard.panels.flatMap((p) => p.targets.map((t) => ({ where: `${p.title} ${t.refId}`, expr: t.expr }))),
  ...dashboard.templating.list.flatMap((v) => (v.definition ? [{ where: `$${v.name}`, expr: v.definition }] : [])),
];

/** Labels a query groups by (`by (…)`), filters on (`{label=…}`) or asks for (label_values). */
function labelsOf(expr: string): string[] {
  const by = [...expr.matchAll(/\bby \(([^)]*)\)/g)].flatMap((m) => m[1]!.split(',').map((s) => s.trim()));
  const selectors = [...expr.matchAll(/\{([^}]*)\}/g)].flatMap((m) =>
    [...m[1]!.matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)\s*(?:=~|!~|!=|=)/g)].map((x) => x[1]!),
  );
  const asked = [...expr.matchAll(/label_values\([^,]+,\s*([a-zA-Z_]+)\)/g)].map((m) => m[1]!);
  return [...by, ...selectors, ...asked].filter((l) => l !== '' && !SCRAPE_LABELS.has(l));
}

describe('the Grafana dashboard', () => {
  it('has the panels operators look at, each on the dashboard’s Prometheus data source', () => {
    const titles = dashboard.panels.map((p) => p.title);
    for (const wanted of [
      'Runs per minute by status',
      'Success rate',
      'Step duration p95 by node kind',
      'Connector calls per minute by status class',
      'Group-commit batch size',
      'Event-loop lag',
    ])
      expect(titles).toContain(wanted);
    expect(new Set(dashboard.panels.map((p) => p.id)).size).toBe(dashboard.panels.length);
    expect(dashboard.templating.list.find((v) => v.name === 'datasource')?.type).toBe('datasource');
    for (const p of dashboard.panels) {
      expect(p.datasource, p.title).toEqual({ type: 'prometheus', uid: DATA_SOURCE });
      expect(p.targets.length, p.title).toBeGreaterThan(0);
      for (const t of p.targets) expect(t.datasource.uid, p.title).toBe(DATA_SOURCE);
    }
  });

  describe('against a runtime that has done some work', () => {
    let stub: HttpStub;
    let weft: Weft;
    let served: Map<string, Family>;

    beforeAll(async () => {
      stub = await HttpStub.start();
      const clock = new ManualClock();
      weft = await testWeft({ clock, random: () => 0.5 });
      stub.respond('/ok', { status: 200 }).respond('/refused', { status: 422 });
      stub.failTimes('/flaky', 1, { status: 503 }).respond('/flaky', { status: 200 });
      const retry = { maxAttempts: 3, initialDelayMs: 1000, factor: 2, maxDelayMs: 60_000, jitter: 0 };
      const url = `=${JSON.stringify(`${stub.url}/`)} & path`;
      const plan = await deploy(
        weft,
        flow('dashboard', { in: n.manual(), shape: n.map('$'), call: n.http(url, { retry }) }, [
          'in>shape',
          'shape>call',
        ]),
      );
      for (const path of ['ok', 'refused']) await start(weft, plan, { path });
      const { runId } = await start(weft, plan, { path: 'flaky' });
      await stepReaches(weft, runId, 'call', (s) => s.status === 'retrying', 'waiting to retry');
      await clock.advanceSettled(1000);
      served = await eventually(async () => {
        const res = await client(weft)('GET', '/metrics');
        const m = parsePrometheusText(res.body as string);
        return seriesValue(m, 'weft_runs_total', { flow: 'dashboard', status: 'succeeded' }) === 2 ? m : null;
      }, 'the runs counted');
    });
    afterAll(async () => {
      await weft.close(100);
      await stub.close();
    });

    it('every metric a query names is served', () => {
      const names = sampleNames(served);
      const missing: string[] = [];
      for (const { where, expr } of queries()) {
        const used = expr.match(METRIC) ?? [];
        expect(used.length, `${where} names no metric: ${expr}`).toBeGreaterThan(0);
        for (const name of used) if (!names.has(name)) missing.push(`${where}: ${name}`);
      }
      expect(missing).toEqual([]);
    });

    it('every label a query groups or filters by is a label of a metric it names', () => {
      const wrong: string[] = [];
      for (const { where, expr } of queries()) {
        const names: string[] = expr.match(METRIC) ?? [];
        const samples = [...served.values()].flatMap((f) => f.samples).filter((s) => names.includes(s.name));
        for (const label of labelsOf(expr))
          if (!samples.some((s) => label in s.labels)) wrong.push(`${where}: ${label}`);
      }
      expect(wrong).toEqual([]);
    });
  });
});
