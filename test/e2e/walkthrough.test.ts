import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { api, freePort } from '../support/runtime-process.ts';
import { eventually } from '../support/poll.ts';
import { shot } from './browser.ts';
import { inPage, startSession, type Session } from './session.ts';

/** The README walkthrough on a first start: example flows, sample systems and the demo day. */
let session: Session;

beforeAll(async () => {
  session = await startSession('walkthrough', {
    WEFT_EXAMPLES: 'on',
    WEFT_DEMO: 'on',
    WEFT_DEMO_PORT: String(await freePort()),
    WEFT_LOG_LEVEL: 'info',
  });
  await eventually(async () => /demo: done:/.test(session.runtime.output()), 'the demo day to finish', 90_000, 200);
}, 240_000);

afterAll(async () => {
  await session?.close();
});

/** Zoom of the flow canvas, read from the viewport's transform. */
const zoomOf = async (page: Page) =>
  Number(
    /scale\(([\d.]+)\)/.exec((await page.locator('.canvas .react-flow__viewport').getAttribute('style')) ?? '')?.[1],
  );

async function selectNode(page: Page, id: string): Promise<void> {
  await page.getByRole('button', { name: 'Fit View', exact: true }).click();
  await page.locator(`.react-flow__node[data-id="${id}"] .wnode-head`).click();
}

async function openFlow(page: Page, name: RegExp): Promise<void> {
  await page.goto(session.runtime.url + '/');
  await page.getByRole('link', { name }).click();
  await page.getByText('All changes saved').waitFor();
  await page.locator('.canvas .react-flow__node').first().waitFor();
}

describe('the README walkthrough in the designer', () => {
  it('opens the opportunity-won flow readable: trigger on screen, names whole, at a legible zoom', async () => {
    await inPage(session.browser, 'walkthrough-open', async (page) => {
      await openFlow(page, /Opportunity won/);
      await expect.poll(() => zoomOf(page)).toBeGreaterThanOrEqual(0.75);
      const canvas = (await page.locator('.canvas').boundingBox())!;
      const trigger = (await page.locator('.react-flow__node[data-id="trigger"]').boundingBox())!;
      expect(trigger.x).toBeGreaterThanOrEqual(canvas.x);
      expect(trigger.x + trigger.width).toBeLessThanOrEqual(canvas.x + canvas.width);
      // Every name is shown whole (wrapped if need be, never cut with an ellipsis).
      const cut = await page
        .locator('.wnode-name')
        .evaluateAll((els) =>
          els.filter((e) => e.scrollWidth > e.clientWidth || e.scrollHeight > e.clientHeight).map((e) => e.textContent),
        );
      expect(cut).toEqual([]);
      // The bottom panel takes what its content needs; the canvas keeps the rest.
      const panel = (await page.getByRole('region', { name: 'Problems, samples and test run' }).boundingBox())!;
      expect(panel.height).toBeLessThan(canvas.height / 3);
      await shot(page, '20-walkthrough-opened');

      // The README's first step: the won deal runs green through the sample systems.
      await page.getByRole('button', { name: 'Test run' }).click();
      await page
        .locator('.react-flow__node[data-id="crm_writeback"] .wnode.paint-succeeded')
        .waitFor({ timeout: 20_000 });
      await page.locator('.react-flow__node[data-id="find_customer"] .wnode-head').click();
      await page.getByRole('tab', { name: /Test result/ }).click();
      await shot(page, '20b-walkthrough-test-run');
    });
  }, 60_000);

  it("checks the draft as it is on screen, publishes only a saved, valid draft, and shows the ERP's field error for the unknown tax region", async () => {
    await inPage(session.browser, 'walkthrough-check', async (page) => {
      await openFlow(page, /Opportunity won/);
      const publish = page.getByRole('button', { name: 'Publish', exact: true });
      await expect.poll(() => publish.isDisabled()).toBe(false);

      // An edit that breaks a mapping shows in Problems before anything is saved; Publish waits.
      await selectNode(page, 'customer');
      await page.getByRole('textbox', { name: 'Expression' }).click();
      await page.keyboard.press('Control+End');
      await page.keyboard.insertText(' +');
      const problem = page.getByRole('list', { name: 'Problems' }).getByRole('button', { name: /in ERP customer/ });
      await problem.waitFor({ timeout: 10_000 });
      expect(await publish.isDisabled()).toBe(true);
      await shot(page, '21-walkthrough-unsaved-problem');

      // Undone, the problem goes; the draft still differs from the saved one until it is saved.
      await page.getByRole('button', { name: 'Undo' }).click();
      await problem.waitFor({ state: 'detached', timeout: 10_000 });
      expect(await publish.getAttribute('title')).toMatch(/Save the draft first/);
      expect(await publish.isDisabled()).toBe(true);
      await page.keyboard.press('Control+s');
      await page.getByText('All changes saved').waitFor();
      await expect.poll(() => publish.isDisabled()).toBe(false);

      // The common path of an API operation fits on one screen; the rest waits in closed sections.
      await selectNode(page, 'create_customer');
      const inspector = page.getByRole('complementary', { name: 'Inspector' });
      const body = (await inspector.getByRole('heading', { name: 'Request body' }).boundingBox())!;
      expect(body.y + body.height).toBeLessThanOrEqual(page.viewportSize()!.height);
      expect(await inspector.getByText('On error').isVisible()).toBe(false);
      await shot(page, '21b-walkthrough-http-inspector');
      // With its connection nothing is said about a missing one; "On error" shows its default.
      expect(await inspector.getByText(/No connection/).count()).toBe(0);
      await inspector.getByText('Errors, retries and idempotency').click();
      await inspector.getByText('On error').waitFor();
      expect(
        await inspector
          .locator('select')
          .filter({ has: page.locator('option', { hasText: 'Default: fail' }) })
          .evaluate((s: HTMLSelectElement) => s.selectedOptions[0]?.textContent),
      ).toBe('Default: fail');

      // The README's second sample: the ERP refuses the tax region, and says so.
      await page
        .getByRole('combobox', { name: 'Sample for test runs' })
        .selectOption({ label: 'Unknown tax region (ERP refuses)' });
      await page.getByRole('button', { name: 'Test run' }).click();
      await page
        .locator('.react-flow__node[data-id="create_customer"] .wnode.paint-failed')
        .waitFor({ timeout: 20_000 });
      const panel = page.getByRole('region', { name: 'Problems, samples and test run' });
      await expect
        .poll(() => panel.textContent())
        .toMatch(/answered 422: customer is invalid \(taxRegion: unknown tax region "XX"\)/);
      // The link to the run names when it ran, not a suffix every run shares.
      expect(await panel.getByRole('link', { name: /^Open test run / }).textContent()).toMatch(
        /\d{1,2}:\d{2}:\d{2}.* · [0-9a-f]{8}/,
      );
      await shot(page, '22-walkthrough-tax-region');
    });
  }, 90_000);

  it('compares the draft with the active version on a styled, readable canvas', async () => {
    // The draft renames a node and drops the CRM write-back.
    const got = await api<{
      definition: { nodes: { id: string; name?: string }[]; edges: { target: string }[] };
      revision: number;
    }>(session.runtime.url, 'GET', '/api/flows/opportunity-won');
    const def = got.body.definition;
    def.nodes = def.nodes
      .filter((n) => n.id !== 'crm_writeback')
      .map((n) => (n.id === 'customer' ? { ...n, name: 'ERP customer record' } : n));
    def.edges = def.edges.filter((e) => e.target !== 'crm_writeback');
    expect(
      (
        await api(session.runtime.url, 'PUT', '/api/flows/opportunity-won', {
          definition: def,
          revision: got.body.revision,
        })
      ).status,
    ).toBe(200);

    await inPage(session.browser, 'walkthrough-compare', async (page) => {
      await page.goto(`${session.runtime.url}/flows/opportunity-won/versions?from=1&to=draft`);
      const canvas = page.getByRole('region', { name: /^Flow as of/ });
      await canvas.locator('.react-flow__node[data-id="customer"] .wnode.diff-changed').waitFor();
      // Nodes are drawn as nodes (an opaque box with a border), not bare text.
      const look = await canvas
        .locator('.wnode')
        .first()
        .evaluate((e) => {
          const s = getComputedStyle(e);
          return { bg: s.backgroundColor, border: s.borderLeftWidth, width: e.getBoundingClientRect().width };
        });
      expect(look.border).toBe('4px');
      expect(look.bg).not.toBe('rgba(0, 0, 0, 0)');
      // Scrolled to, the canvas fits the window and its zoom controls are inside it, whole.
      await canvas.scrollIntoViewIfNeeded();
      const box = (await canvas.boundingBox())!;
      const controls = (await canvas.locator('.react-flow__controls').boundingBox())!;
      expect(controls.y).toBeGreaterThanOrEqual(box.y);
      expect(controls.y + controls.height).toBeLessThanOrEqual(box.y + box.height);
      expect(controls.x).toBeGreaterThanOrEqual(box.x);
      expect(controls.y + controls.height).toBeLessThanOrEqual(page.viewportSize()!.height);
      expect(
        Number(
          /scale\(([\d.]+)\)/.exec((await canvas.locator('.react-flow__viewport').getAttribute('style')) ?? '')?.[1],
        ),
      ).toBeGreaterThanOrEqual(0.75);
      await shot(page, '23-walkthrough-compare');
      await expect.poll(() => page.getByRole('button', { name: 'Publish draft' }).isDisabled()).toBe(false);

      // A saved draft with an error is not offered for publishing here either.
      const saved = await api<{ revision: number }>(session.runtime.url, 'GET', '/api/flows/opportunity-won');
      const broken = {
        ...def,
        nodes: def.nodes.map((n) => (n.id === 'customer' ? { ...n, config: { expression: '$ +' } } : n)),
      };
      expect(
        (
          await api(session.runtime.url, 'PUT', '/api/flows/opportunity-won', {
            definition: broken,
            revision: saved.body.revision,
          })
        ).status,
      ).toBe(200);
      await page.reload();
      await canvas.locator('.react-flow__node').first().waitFor();
      await expect.poll(() => page.getByRole('button', { name: 'Publish draft' }).isDisabled()).toBe(true);
    });
  }, 60_000);

  it('keeps test runs out of the failure counts and shows a failed-runs group as its own runs, reason first', async () => {
    await inPage(session.browser, 'walkthrough-failed', async (page) => {
      // The demo day failed two deals; the failed test run of the tax-region sample does not count.
      await page.goto(session.runtime.url + '/');
      const row = page.getByRole('row').filter({ hasText: 'Opportunity won' });
      await expect.poll(() => row.locator('.fail-count').textContent()).toBe('2');

      await page.goto(session.runtime.url + '/runs/failed');
      const group = page.getByRole('row').filter({ hasText: 'customer is invalid' });
      await group.waitFor();
      // The downstream's words lead; the call follows; a date stays on one line.
      expect(await group.locator('.error-reason-text').textContent()).toMatch(
        /^customer is invalid \(taxRegion: unknown tax region "XX"\)$/,
      );
      expect(await group.locator('.error-reason-call').textContent()).toBe('POST /erp/api/customers → 422');
      const lines = await group
        .locator('time')
        .first()
        .evaluate((e) => e.getClientRects().length);
      expect(lines).toBe(1);
      await shot(page, '24-walkthrough-failed-runs');

      await group.getByRole('link', { name: 'Show runs' }).click();
      await page.getByRole('status').filter({ hasText: 'Only runs that failed at step' }).waitFor();
      await expect.poll(() => page.getByRole('table').getByRole('row').count()).toBe(2);
      expect(await page.getByRole('table').textContent()).toContain('live');
      await shot(page, '25-walkthrough-group-runs');

      // The run page names its steps as the analyst did and shows the key the ERP was sent.
      await page.getByRole('table').getByRole('row').nth(1).getByRole('link').first().click();
      const details = page.getByRole('region', { name: 'Step create_customer details' });
      await details.waitFor();
      await expect
        .poll(() => details.locator('.run-facts dd').first().textContent(), { timeout: 10_000 })
        .toMatch(/^erp-customer-ACC-1004-[0-9a-f]{16}$/);
      // The names come with the run's flow version, read after the run itself.
      await expect
        .poll(() => page.locator('.timeline-node').allTextContents(), { timeout: 10_000 })
        .toContain('Create ERP customer create_customer');
      await expect
        .poll(() => page.locator('.run-error strong').textContent(), { timeout: 10_000 })
        .toBe('The run failed at step “Create ERP customer” (create_customer)');
      await shot(page, '26-walkthrough-run');
    });
  }, 60_000);
});
