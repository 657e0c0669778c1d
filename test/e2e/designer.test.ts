import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { HttpStub } from '../support/http-stub.ts';
import { shot } from './browser.ts';
import { inPage, startSession, type Session } from './session.ts';
import { ADMIN_AUTH } from '../support/auth.ts';

const WON = {
  opportunity: {
    id: 'OPP-1001',
    currency: 'EUR',
    account: { id: 'ACC-7' },
    lines: [
      { qty: 10, rate: 1200 },
      { qty: 4, rate: 950 },
    ],
  },
};
const MAPPING =
  "{ 'projectCode': 'PRJ-' & opportunity.id, 'customerId': opportunity.account.id, 'budget': $sum(opportunity.lines.(qty * rate)), 'currency': opportunity.currency }";

let session: Session;
let erp: HttpStub;
const runtime = {
  get url() {
    return session.runtime.url;
  },
};

beforeAll(async () => {
  erp = await HttpStub.start();
  erp.respond('/projects', { status: 201, body: { id: 'P-1', status: 'created' } });
  session = await startSession('designer');
}, 240_000);

afterAll(async () => {
  await session?.close();
  await erp?.close();
});

async function dropKind(page: Page, title: string, x: number, y: number): Promise<void> {
  await page
    .getByRole('button', { name: `Add ${title}` })
    .dragTo(page.getByRole('region', { name: 'Flow canvas' }), { targetPosition: { x, y } });
}

async function centre(l: Locator): Promise<{ x: number; y: number }> {
  const b = await l.boundingBox();
  if (!b) throw new Error(`no box for ${l}`);
  return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
}

/** Draws an edge by dragging from an output handle to an input handle, as a person does. */
async function connect(page: Page, from: string, to: string): Promise<void> {
  const a = await centre(page.getByLabel(from, { exact: true }));
  const b = await centre(page.getByLabel(to, { exact: true }));
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 5 });
  await page.mouse.move(b.x, b.y, { steps: 5 });
  await page.mouse.up();
}

async function selectNode(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name: 'Fit View', exact: true }).click();
  await page.locator(`.react-flow__node:has([aria-label^="${name} ("])`).click({ position: { x: 60, y: 14 } });
  await expect
    .poll(() => page.getByRole('complementary', { name: 'Inspector' }).getByRole('heading', { level: 2 }).textContent())
    .toBe(name);
}

describe('designer, end to end in Chromium against a running Weft', () => {
  it('builds, tests, publishes and activates the opportunity-won flow, then finds its live run', async () => {
    await inPage(session.browser, 'designer', buildAndRun);
  }, 180_000);
});

async function buildAndRun(page: Page): Promise<void> {
  await page.goto(runtime.url + '/');
  await page.getByText('No flows yet').waitFor();
  await shot(page, '01-flows-empty');

  // Create the flow.
  await page.getByRole('button', { name: 'New flow' }).first().click();
  await page.getByLabel('Flow name').fill('Opportunity won to ERP');
  await page.getByRole('button', { name: 'Create flow' }).click();
  await page.waitForURL(/\/flows\/opportunity-won-to-erp$/);
  await page.getByText('Start with a trigger').waitFor();

  // Drag the four kinds onto the empty canvas.
  await dropKind(page, 'Webhook', 150, 100);
  await page.getByRole('textbox', { name: /^Path/ }).fill('opportunity-won');
  await dropKind(page, 'Map', 480, 100);
  await dropKind(page, 'Validate', 150, 320);
  await dropKind(page, 'HTTP request', 480, 320);
  await expect.poll(() => page.locator('.react-flow__node').count()).toBe(4);

  // Join the ports, validate's "valid" output included.
  await connect(page, 'Webhook: output out', 'Map: input in');
  await connect(page, 'Map: output out', 'Validate: input in');
  await connect(page, 'Validate: output valid', 'HTTP request: input in');
  await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(3);
  await page.getByRole('button', { name: 'Auto-layout' }).click();

  // A sample payload to preview and test with.
  await page.getByRole('tab', { name: /Samples/ }).click();
  await page.getByRole('button', { name: 'Add sample' }).click();
  await page.getByLabel('Sample name').fill('Won deal');
  await page.getByLabel('Payload (JSON)').fill(JSON.stringify(WON));
  await page.getByRole('button', { name: 'Save sample' }).click();

  // Type the mapping and watch the live preview.
  await selectNode(page, 'Map');
  const editor = page.getByRole('textbox', { name: 'Expression' });
  await editor.click();
  await page.keyboard.insertText(MAPPING);
  const preview = page.getByRole('region', { name: 'Preview' });
  await expect.poll(() => preview.textContent(), { timeout: 10_000 }).toContain('PRJ-OPP-1001');
  await expect.poll(() => preview.textContent()).toContain('15800');
  await shot(page, '02-editor-mapping-preview');

  // Validation schema; the HTTP node's URL is left empty on purpose.
  await selectNode(page, 'Validate');
  await page.getByLabel('Schema', { exact: true }).fill('{"type":"object","required":["projectCode","budget"]}');
  await selectNode(page, 'HTTP request');
  await page.getByLabel('Method', { exact: true }).selectOption('POST');
  await page
    .getByRole('group', { name: 'Body: fixed value or expression', exact: true })
    .getByRole('button', { name: 'Expression' })
    .click();
  await page.getByRole('textbox', { name: 'Body', exact: true }).click();
  await page.keyboard.insertText('$');

  // Save: the problems panel reports the missing URL and publishing is blocked.
  await page.keyboard.press('Control+s');
  await page.getByText('All changes saved').waitFor();
  await page.getByRole('tab', { name: /Problems/ }).click();
  const problem = page
    .getByRole('list', { name: 'Problems' })
    .getByRole('button', { name: /http_request/ })
    .first();
  await problem.waitFor();
  await expect.poll(() => page.getByRole('button', { name: 'Publish', exact: true }).isDisabled()).toBe(true);
  await shot(page, '03-editor-problems');

  // Fix it from the panel: clicking the problem selects the node.
  await selectNode(page, 'Map');
  await problem.click();
  await expect
    .poll(() => page.getByRole('complementary', { name: 'Inspector' }).getByRole('heading', { level: 2 }).textContent())
    .toBe('HTTP request');
  await page.getByRole('textbox', { name: /^URL/ }).fill(`${erp.url}/projects`);
  await page.keyboard.press('Control+s');
  // Only the warning that nothing handles "invalid" is left, and it does not block publishing.
  await page
    .getByRole('list', { name: 'Problems' })
    .getByRole('button', { name: /^warning in Validate .*invalid input will fail the run/ })
    .waitFor();
  await expect.poll(() => page.getByRole('button', { name: 'Publish', exact: true }).isDisabled()).toBe(false);

  // Test run: every node turns green; the map node's output is in the inspector.
  await page.getByRole('button', { name: 'Test run' }).click();
  await expect.poll(() => page.locator('.wnode.paint-succeeded').count(), { timeout: 15_000 }).toBe(4);
  await selectNode(page, 'Map');
  await page.getByRole('tab', { name: /Test result/ }).click();
  await expect.poll(() => page.getByRole('tree', { name: 'Output' }).textContent()).toContain('PRJ-OPP-1001');
  await shot(page, '04-editor-test-run');
  expect(erp.calls('/projects').length).toBe(1);

  // Publish with a note, then activate on the Versions page.
  await page.getByRole('button', { name: 'Publish', exact: true }).click();
  await page.getByLabel('Note').fill('First version: create the ERP project');
  await page.getByRole('button', { name: 'Publish version' }).click();
  await page.getByRole('link', { name: 'Go to versions' }).click();
  await page.waitForURL(/\/versions$/);
  await page.getByRole('button', { name: 'Activate v1' }).click();
  await page
    .getByRole('dialog', { name: 'Activate v1?' })
    .getByRole('button', { name: 'Activate', exact: true })
    .click();
  await page.getByRole('button', { name: 'Deactivate' }).waitFor();
  await shot(page, '05-versions');

  // A plain HTTP request to the webhook starts a live run.
  const live = { opportunity: { ...WON.opportunity, id: 'OPP-2002' } };
  const res = await fetch(`${runtime.url}/hooks/opportunity-won`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(live),
  });
  expect(res.status).toBeLessThan(300);
  const liveCall = (await erp.waitForCalls('/projects', 2))[1];
  expect(JSON.parse(liveCall.body)).toMatchObject({ projectCode: 'PRJ-OPP-2002', budget: 15800 });

  // Runs: find it by text in its payload and open its steps.
  await page.getByRole('link', { name: 'Runs', exact: true }).click();
  await page.getByRole('searchbox', { name: /Search/ }).fill('OPP-2002');
  await expect.poll(() => page.getByRole('table').getByRole('row').count(), { timeout: 10_000 }).toBe(2);
  await shot(page, '06-runs');
  await page.getByRole('table').getByRole('row').nth(1).getByRole('link').first().click();
  await page.waitForURL(/\/runs\/[^/]+$/);
  await page.getByRole('button', { name: /map/ }).first().click();
  await expect.poll(() => page.getByText('PRJ-OPP-2002').count()).toBeGreaterThan(0);
  await shot(page, '07-run');

  // Version 2 changes the mapping; the diff names the field and marks the node, then v1 is rolled back to.
  await page.goto(`${runtime.url}/flows/opportunity-won-to-erp`);
  await selectNode(page, 'Map');
  await page.getByRole('textbox', { name: 'Expression' }).click();
  await page.keyboard.press('Control+a');
  await page.keyboard.insertText(MAPPING.replace(' }', ", 'source': 'crm' }"));
  await page.keyboard.press('Control+s');
  await page.getByText('All changes saved').waitFor();
  await page.getByRole('button', { name: 'Publish', exact: true }).click();
  await page.getByLabel('Note').fill('Tag the source system');
  await page.getByRole('button', { name: 'Publish version' }).click();
  await page.getByRole('link', { name: 'Go to versions' }).click();
  const changed = page.getByRole('region', { name: /Changed nodes/ });
  await expect.poll(() => changed.textContent()).toContain('config.expression');
  await page.locator('.vcanvas .react-flow__node[data-id="map"] .diff-changed').waitFor();
  await shot(page, '10-versions-diff');
  await page.getByRole('button', { name: 'Activate v2' }).click();
  await page
    .getByRole('dialog', { name: 'Activate v2?' })
    .getByRole('button', { name: 'Activate', exact: true })
    .click();
  await page.getByRole('button', { name: 'Roll back to v1' }).click();
  await page
    .getByRole('dialog', { name: /Roll back to v1/ })
    .getByRole('button', { name: 'Roll back', exact: true })
    .click();
  await page.getByRole('button', { name: 'Activate v2' }).waitFor();
  const flows = await fetch(`${runtime.url}/api/flows`, { headers: ADMIN_AUTH }).then(
    (r) => r.json() as Promise<{ flows: { id: string; activeVersion: number }[] }>,
  );
  expect(flows.flows.find((f) => f.id === 'opportunity-won-to-erp')?.activeVersion).toBe(1);

  // The flows list shows the active version and the last live run.
  await page.getByRole('link', { name: 'Flows', exact: true }).first().click();
  const listed = page.getByRole('row').filter({ hasText: 'Opportunity won to ERP' });
  await expect.poll(() => listed.textContent()).toContain('Active v1');
  await expect.poll(() => listed.textContent()).toContain('Succeeded');
  await shot(page, '11-flows');

  // A run that fails at the ERP is found among failed runs and retried from its failed step once the ERP accepts again.
  erp.respond('/projects', { status: 422, body: { error: 'customer on credit hold' } });
  const failing = { opportunity: { ...WON.opportunity, id: 'OPP-3003' } };
  await fetch(`${runtime.url}/hooks/opportunity-won`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(failing),
  });
  await page.goto(`${runtime.url}/runs?status=failed`);
  await expect.poll(() => page.getByRole('table').getByRole('row').count(), { timeout: 10_000 }).toBe(2);
  await page.getByRole('table').getByRole('row').nth(1).getByRole('link').first().click();
  await page.getByText('customer on credit hold').first().waitFor();
  erp.respond('/projects', { status: 201, body: { id: 'P-3', status: 'created' } });
  await page.getByRole('button', { name: 'Retry from failed step' }).click();
  await page
    .getByRole('dialog', { name: 'Retry from the failed step?' })
    .getByRole('button', { name: 'Retry', exact: true })
    .click();
  await page.getByRole('button', { name: 'Retry from failed step' }).waitFor({ state: 'detached', timeout: 10_000 });
  const runId = decodeURIComponent(page.url().split('/runs/')[1]);
  await expect
    .poll(
      () =>
        fetch(`${runtime.url}/api/runs/${runId}`, { headers: ADMIN_AUTH })
          .then((r) => r.json())
          .then((r: { status: string }) => r.status),
      { timeout: 10_000 },
    )
    .toBe('succeeded');
  await expect.poll(() => page.locator('.page-head').textContent()).toContain('Succeeded');
  await shot(page, '12-run-retried');
  const calls = erp.calls('/projects').filter((c) => JSON.parse(c.body).projectCode === 'PRJ-OPP-3003');
  expect(calls).toHaveLength(2);
  expect(calls[1].idempotencyKey).toBe(calls[0].idempotencyKey);
}
