import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Weft } from '../../runtime/weft.ts';
import type { FlowDefinitionInput } from '../../shared/flow.ts';
import { deploy, finished, start, testWeft, viewOf } from '../support/weft.ts';
import { flow, n } from '../support/flows.ts';
import { HttpStub } from '../support/http-stub.ts';

/**
 * One flow, two installations: each reads its own variables in a mapping, in a connector's URL expression
 * and in a loop's body, so the same published flow calls each installation's ERP with its company code.
 */
let stub: HttpStub;
let a: Weft;
let b: Weft;

function projectsFlow(): FlowDefinitionInput {
  const def = flow(
    'env-projects',
    {
      in: n.manual(),
      prepare: n.map(
        "{ 'company': $env.ERP_COMPANY, 'limit': $number($env.APPROVAL_LIMIT), 'name': $trigger.body.name, 'lines': $trigger.body.lines }",
      ),
      post: n.http("= $env.ERP_BASE & '/projects'"),
      loop: { type: 'control.loop', config: { items: '=$steps.prepare.lines' } },
      line: n.map("{ 'hours': item, 'company': $env.ERP_COMPANY, 'large': item > $number($env.APPROVAL_LIMIT) }"),
    },
    ['in>prepare', 'prepare>post', 'post>loop'],
  );
  def.nodes.find((x) => x.id === 'line')!.parentId = 'loop';
  return def;
}

const outputOf = async (w: Weft, runId: string, nodeId: string) =>
  (await viewOf(w, runId)).steps!.find((s) => s.nodeId === nodeId)!.output;

async function installation(base: string, company: string, limit: string): Promise<Weft> {
  const w = await testWeft();
  await w.variables.put('ERP_BASE', { value: base, description: 'ERP API' });
  await w.variables.put('ERP_COMPANY', { value: company });
  await w.variables.put('APPROVAL_LIMIT', { value: limit });
  return w;
}

beforeAll(async () => {
  stub = await HttpStub.start();
  stub.respond('/a/projects', { status: 201, body: { id: 'P-A' } });
  stub.respond('/b/projects', { status: 201, body: { id: 'P-B' } });
  a = await installation(`${stub.url}/a`, '1000', '8');
  b = await installation(`${stub.url}/b`, '2000', '4');
});
afterAll(async () => {
  await a?.close(0);
  await b?.close(0);
  await stub?.close();
});

describe('$env in runs', () => {
  it('resolves per installation: the same flow maps and calls with each one’s values', async () => {
    const results = [];
    for (const w of [a, b]) {
      const plan = await deploy(w, projectsFlow());
      const { runId } = await start(w, plan, { name: 'Rollout', lines: [2, 6] });
      expect((await finished(w, runId)).status).toBe('succeeded');
      results.push({
        prepare: await outputOf(w, runId, 'prepare'),
        loop: await outputOf(w, runId, 'loop'),
      });
    }
    expect(results[0]!.prepare).toEqual({ company: '1000', limit: 8, name: 'Rollout', lines: [2, 6] });
    expect(results[1]!.prepare).toEqual({ company: '2000', limit: 4, name: 'Rollout', lines: [2, 6] });
    expect(results[0]!.loop).toMatchObject({
      results: [
        { hours: 2, company: '1000', large: false },
        { hours: 6, company: '1000', large: false },
      ],
    });
    expect(results[1]!.loop).toMatchObject({
      results: [
        { hours: 2, company: '2000', large: false },
        { hours: 6, company: '2000', large: true },
      ],
    });
    expect(stub.calls('/a/projects').map((r) => JSON.parse(r.body).company)).toEqual(['1000']);
    expect(stub.calls('/b/projects').map((r) => JSON.parse(r.body).company)).toEqual(['2000']);
  });

  it('reads the values as they are when a step evaluates, and a run’s own values over them', async () => {
    const plan = await a.engine.planFor('env-projects', 1);
    await a.variables.put('ERP_COMPANY', { value: '1100' });
    const now = await start(a, plan, { name: 'Later', lines: [9] });
    expect((await finished(a, now.runId)).status).toBe('succeeded');
    expect(await outputOf(a, now.runId, 'prepare')).toMatchObject({ company: '1100' });

    const own = await a.engine.startRun({
      plan,
      triggerNodeId: 'in',
      event: { body: { name: 'Case', lines: [9] } },
      env: { ERP_COMPANY: '9999', APPROVAL_LIMIT: '10' },
    });
    expect((await finished(a, own.runId)).status).toBe('succeeded');
    expect(await outputOf(a, own.runId, 'prepare')).toMatchObject({ company: '9999', limit: 10 });
    // The loop's body runs belong to the run and see its values too.
    expect(await outputOf(a, own.runId, 'loop')).toMatchObject({
      results: [{ hours: 9, company: '9999', large: false }],
    });
    expect(stub.calls('/a/projects').map((r) => JSON.parse(r.body).company)).toEqual(['1000', '1100', '9999']);
    // The installation itself is unchanged.
    expect(a.variables.current().ERP_COMPANY).toBe('1100');
  });

  it('refuses a run’s own variables that are not names with text values', async () => {
    const plan = await a.engine.planFor('env-projects', 1);
    const startWith = (env: Record<string, string>) =>
      a.engine.startRun({ plan, triggerNodeId: 'in', event: { body: {} }, env });
    await expect(startWith({ erp_company: '1' })).rejects.toThrow('env: "erp_company" is not a variable name');
    await expect(startWith({ LIMIT: 5 as unknown as string })).rejects.toThrow(
      "env.LIMIT: a variable's value is text, not number",
    );
  });

  it('warns in the static check of an installation that lacks a variable the flow reads, naming node and field', async () => {
    const w = await testWeft();
    try {
      await w.variables.put('ERP_BASE', { value: `${stub.url}/c` });
      const def = projectsFlow();
      def.settings = { businessKey: '=$env.KEY_PREFIX & $trigger.body.name' };
      await w.flows.create(def);
      const problems = (await w.flows.validate('env-projects')).filter((p) => p.code === 'unknown_variable');
      expect(problems.map((p) => [p.nodeId, p.path, p.message])).toEqual([
        [
          undefined,
          'settings.businessKey',
          '$env.KEY_PREFIX: this installation has no variable KEY_PREFIX; an admin adds it under Variables',
        ],
        [
          'prepare',
          'config.expression',
          '$env.ERP_COMPANY: this installation has no variable ERP_COMPANY; an admin adds it under Variables',
        ],
        [
          'prepare',
          'config.expression',
          '$env.APPROVAL_LIMIT: this installation has no variable APPROVAL_LIMIT; an admin adds it under Variables',
        ],
        [
          'line',
          'config.expression',
          '$env.ERP_COMPANY: this installation has no variable ERP_COMPANY; an admin adds it under Variables',
        ],
        [
          'line',
          'config.expression',
          '$env.APPROVAL_LIMIT: this installation has no variable APPROVAL_LIMIT; an admin adds it under Variables',
        ],
      ]);
      expect(problems.every((p) => p.severity === 'warning')).toBe(true);
      // A warning does not stop publishing; once the variables are there, the check says nothing.
      expect((await w.flows.publish('env-projects')).created).toBe(true);
      for (const name of ['ERP_COMPANY', 'APPROVAL_LIMIT', 'KEY_PREFIX']) await w.variables.put(name, { value: '1' });
      expect((await w.flows.validate('env-projects')).filter((p) => p.code === 'unknown_variable')).toEqual([]);
    } finally {
      await w.close(0);
    }
  });
});
