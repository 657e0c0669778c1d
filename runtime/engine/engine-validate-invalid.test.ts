import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Weft } from '../weft.ts';
import { testWeft, deploy, start, finished, stepRows } from '../../test/support/weft.ts';
import { flow, n } from '../../test/support/flows.ts';
import { validateFlow } from '../flows/validate-flow.ts';
import { findNode } from '../../nodes/registry.ts';

let weft: Weft;
beforeAll(async () => {
  weft = await testWeft();
});
afterAll(async () => {
  await weft.close(100);
});

const schema = { type: 'object', required: ['budget'] };
const lonely = flow('validate-lonely', { in: n.manual(), check: n.validate(schema), done: n.map('$') }, [
  'in>check',
  'check:valid>done',
]);

describe('a validate node whose "invalid" output leads nowhere', () => {
  it('fails the run with the validation errors instead of passing invalid input to nowhere', async () => {
    const plan = await deploy(weft, lonely);
    const { runId } = await start(weft, plan, { name: 'no budget' });
    const row = await finished(weft, runId);
    expect(row.status).toBe('failed');
    const error = JSON.parse(row.error!);
    expect(error).toMatchObject({
      code: 'validation_failed',
      nodeId: 'check',
      message: expect.stringMatching(/budget/),
    });
    expect((await stepRows(weft, runId)).check).toMatchObject({ status: 'failed' });
    expect((await stepRows(weft, runId)).done).toBeUndefined();

    const ok = await start(weft, plan, { budget: 1 });
    expect((await finished(weft, ok.runId)).status).toBe('succeeded');
  });

  it('goes on by "invalid" when an edge leaves it', async () => {
    const plan = await deploy(
      weft,
      flow('validate-handled', { in: n.manual(), check: n.validate(schema), done: n.map('$'), bad: n.map('errors') }, [
        'in>check',
        'check:valid>done',
        'check:invalid>bad',
      ]),
    );
    const { runId } = await start(weft, plan, { name: 'no budget' });
    expect((await finished(weft, runId)).status).toBe('succeeded');
    expect((await stepRows(weft, runId)).check).toMatchObject({ port: 'invalid' });
  });

  it('is named by the static check as a warning', () => {
    const problems = validateFlow(lonely, findNode);
    expect(problems).toEqual([
      expect.objectContaining({
        severity: 'warning',
        nodeId: 'check',
        message: expect.stringMatching(/invalid input will fail the run/),
      }),
    ]);
  });
});
