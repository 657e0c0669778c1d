import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { FlowDefinition } from '../../shared/flow.ts';
import { HttpStub } from '../support/http-stub.ts';
import { api } from '../support/runtime-process.ts';
import { artifacts, watchErrors } from './browser.ts';
import { inPage, signInCookie, startSession, type Session } from './session.ts';

/** Where the screens go (FLOW_TESTS_SHOTS, or the browser tests' artifacts folder). */
const shots = process.env.FLOW_TESTS_SHOTS ?? artifacts;
async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(shots, { recursive: true });
  // The top bar is wider than 1280 px, and a click can leave the page scrolled sideways: shoot from its left edge.
  await page.evaluate(() => window.scrollTo(0, window.scrollY));
  await page.screenshot({ path: join(shots, `b-${name}.png`) });
}

const CASE = 'Won deal creates the project';

let session: Session;
let erp: HttpStub;
const url = () => session.runtime.url;

beforeAll(async () => {
  erp = await HttpStub.start();
  erp.respond('/projects', { status: 201, body: { id: 'P-1', status: 'created' } });
  session = await startSession('flow-tests');
  const flow = JSON.parse(
    readFileSync(new URL('../fixtures/opportunity-won-to-erp.json', import.meta.url), 'utf8').replace(
      'http://127.0.0.1:4100',
      erp.url,
    ),
  );
  expect((await api(url(), 'POST', '/api/flows', flow)).status).toBe(201);
}, 240_000);
afterAll(async () => {
  await session?.close();
  await erp?.close();
});

describe('the Tests tab of the flow editor, in Chromium', () => {
  it('records a case from a test run, runs it, shows why it fails once changed, and keeps it when saved', async () => {
    await inPage(session.browser, 'flow-tests', walk, { width: 1280, height: 800 });
  }, 180_000);

  it('keeps the tabs under the canvas where they are when the first check of the draft answers', async () => {
    const page = await session.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await signInCookie(page, url(), 'admin');
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/api/flows/*/validate', async (route) => {
      await held;
      await route.continue();
    });
    try {
      await page.goto(`${url()}/flows/opportunity-won-to-erp`);
      const problems = page.getByRole('tab', { name: /^Problems/ });
      await problems.waitFor();
      const before = await testsTabBox(page);
      release();
      await page.getByRole('tab', { name: /^Problems\s*\d/ }).waitFor();
      expect(await testsTabBox(page)).toEqual(before);
    } finally {
      release();
      await page.close();
    }
  }, 60_000);

  it('refuses to publish while the case fails and brings the Tests tab forward', async () => {
    const page = await session.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await signInCookie(page, url(), 'admin');
    const errors = watchErrors(page);
    try {
      await publishRefused(page);
    } finally {
      await page.close();
    }
    // The refused publish (422) is the one failed request the browser reports.
    expect(errors).toEqual([expect.stringContaining('status of 422')]);
  }, 60_000);
});

/** Where the Tests tab is on screen. */
async function testsTabBox(page: Page) {
  const box = await page.getByRole('tab', { name: /^Tests/ }).boundingBox();
  if (!box) throw new Error('the Tests tab is not on screen');
  return box;
}

/** The row of the case in the Tests tab (not the row under it that shows its result). */
function caseRow(page: Page) {
  return page.locator('.tests-table > tbody > tr').filter({ has: page.getByRole('rowheader', { name: CASE }) });
}

async function walk(page: Page): Promise<void> {
  await page.goto(`${url()}/flows/opportunity-won-to-erp`);
  const tests = page.getByRole('tab', { name: /^Tests/ });
  await tests.click();
  const record = page.getByRole('button', { name: 'Record from last test run' });
  expect(await record.isDisabled()).toBe(true);
  await page.getByText('Do a test run first').waitFor();

  // A test run calls the ERP once; its answer is what the case records.
  await page.getByRole('button', { name: 'Test run', exact: true }).click();
  await expect.poll(() => page.locator('.wnode.paint-succeeded').count(), { timeout: 15_000 }).toBe(5);
  expect(erp.calls('/projects').length).toBe(1);
  await tests.click();
  await record.click();
  const dialog = page.getByRole('dialog', { name: 'Record a test case' });
  await dialog.getByLabel('Test case name').fill(CASE);
  await shot(page, '00-record-dialog');
  await dialog.getByRole('button', { name: 'Record' }).click();
  const row = caseRow(page);
  await row.waitFor();
  await page.getByText('● Unsaved changes').waitFor();

  // Run: the recording answers in place of the ERP, and the case passes.
  await page.getByRole('button', { name: `Run test case ${CASE}` }).click();
  await expect.poll(() => row.getByText('Passed').count(), { timeout: 15_000 }).toBe(1);
  expect(erp.calls('/projects').length).toBe(1);
  await shot(page, '01-recorded-and-passed');

  // Expect another budget in the answer to the CRM: the case fails, naming the field.
  // Opened and closed from the keyboard.
  await page.getByRole('button', { name: `Edit test case ${CASE}` }).press('Enter');
  const editor = page.getByRole('dialog', { name: `Test case ${CASE}` });
  const body = editor.getByLabel('Response body (JSON)');
  const recorded = JSON.parse(await body.inputValue()) as { budget: number };
  expect(recorded.budget).toBe(15800);
  await body.fill(JSON.stringify({ ...recorded, budget: 99999 }, null, 2));
  // Invalid JSON is shown where it is and not kept.
  const status = editor.getByLabel('Response status');
  await status.fill('20x');
  await editor.getByText('Not saved: An HTTP status is a whole number from 100 to 599.').waitFor();
  await shot(page, '02-editing-expectations');
  await status.fill('201');
  // An assertion, typed in the expression editor.
  await editor.getByRole('button', { name: 'Add assertion' }).click();
  await editor.getByRole('textbox', { name: 'Assertion 1' }).click();
  await page.keyboard.insertText('$steps.map.budget = 15800');
  // Its preview runs on the last test run.
  await expect
    .poll(() => editor.getByRole('region', { name: 'Preview' }).textContent(), { timeout: 10_000 })
    .toContain('true');
  await editor.getByRole('region', { name: 'Preview' }).scrollIntoViewIfNeeded();
  await shot(page, '02b-assertion');
  await editor.getByRole('button', { name: 'Run this case' }).click();
  const diff = editor.getByRole('table', { name: /fields? differ/ });
  await diff.waitFor({ timeout: 15_000 });
  const budgetRow = diff.getByRole('row', { name: /response\.body\.budget/ });
  await expect.poll(() => budgetRow.textContent()).toContain('99999');
  expect(await budgetRow.textContent()).toContain('15800');
  await shot(page, '03-case-diff');
  await editor.getByRole('button', { name: 'Run this case' }).focus();
  await page.keyboard.press('Escape');
  await expect.poll(() => editor.isVisible()).toBe(false);
  await expect.poll(() => row.getByText('Failed').count()).toBe(1);
  await page
    .getByRole('table', { name: /fields? differ/ })
    .getByRole('row', { name: /response\.body\.budget/ })
    .waitFor();
  await shot(page, '04-panel-diff');

  // Saved with the flow, and there after a reload.
  await page.keyboard.press('Control+s');
  await page.getByText('All changes saved').waitFor();
  const draft = await api<{ definition: FlowDefinition }>(url(), 'GET', '/api/flows/opportunity-won-to-erp');
  const saved = draft.body.definition.tests?.find((c) => c.name === CASE);
  expect((saved?.expect.response?.body as { budget?: number } | undefined)?.budget).toBe(99999);
  expect(saved?.expect.response?.status).toBe(201);
  expect(saved?.recordings?.erp).toMatchObject({ output: { id: 'P-1' } });
  expect(saved?.expect.assertions).toEqual(['$steps.map.budget = 15800']);
  await page.reload();
  await tests.click();
  await caseRow(page).waitFor();
  await shot(page, '05-after-reload');

  // Without its recording the ERP step is not called: the case fails with an error naming the step.
  await page.getByRole('button', { name: `Edit test case ${CASE}` }).click();
  const again = page.getByRole('dialog', { name: `Test case ${CASE}` });
  await again.getByRole('tab', { name: /^Recordings/ }).click();
  await again.getByRole('button', { name: 'Remove the recording of Create ERP project' }).click();
  await again.getByText('This case has no recordings.').waitFor();
  await again.getByRole('button', { name: 'Run this case' }).click();
  const error = again.getByRole('alert').filter({ hasText: 'Step “Create ERP project”' });
  await expect.poll(() => error.textContent(), { timeout: 15_000 }).toContain('no recorded answer');
  expect(erp.calls('/projects').length).toBe(1);
  await shot(page, '06-missing-recording');
}

/** Publishing is refused while the saved case fails, and the Tests tab comes forward with the result. */
async function publishRefused(page: Page): Promise<void> {
  await page.goto(`${url()}/flows/opportunity-won-to-erp`);
  const tests = page.getByRole('tab', { name: /^Tests/ });
  await page.getByRole('tab', { name: /^Problems/ }).click();
  const publish = page.getByRole('button', { name: 'Publish', exact: true });
  await expect.poll(() => publish.isDisabled(), { timeout: 10_000 }).toBe(false);
  await publish.click();
  await page.getByLabel('Note').fill('Budget check');
  await page.getByRole('button', { name: 'Publish version' }).click();
  await page.getByText('Not published: 1 of 1 test case fails; see the Tests tab.').waitFor({ timeout: 15_000 });
  await expect.poll(() => tests.getAttribute('aria-selected')).toBe('true');
  await expect.poll(() => caseRow(page).getByText('Failed').count()).toBe(1);
  await shot(page, '05b-publish-refused');
}
