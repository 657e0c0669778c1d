import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { api } from '../support/runtime-process.ts';
import { flow, n } from '../support/flows.ts';
import { inPage, startSession, type Session } from './session.ts';

let session: Session;
const url = () => session.runtime.url;

beforeAll(async () => {
  session = await startSession('editor-reopen');
  const def = flow('reopen', { start: n.manual() }, []);
  expect((await api(url(), 'POST', '/api/flows', { ...def, name: 'Reopened flow' })).status).toBe(201);
}, 240_000);
afterAll(() => session?.close());

const nodeCount = (page: Page) => page.locator('.react-flow__node').count();

/** Adds a Map node from the palette with the keyboard and saves; the editor says so. */
async function addMapAndSave(page: Page, nodes: number): Promise<void> {
  await page.getByRole('button', { name: 'Add Map' }).focus();
  await page.keyboard.press('Enter');
  await expect.poll(() => nodeCount(page)).toBe(nodes);
  await page.keyboard.press('Control+s');
  await page.getByText('All changes saved').waitFor();
}

describe('the editor opened again in the same visit', () => {
  it('shows what was saved last, and saves again without a conflict', async () => {
    await inPage(session.browser, 'editor-reopen', async (page) => {
      await page.goto(`${url()}/flows/reopen`);
      await expect.poll(() => nodeCount(page)).toBe(1);
      await addMapAndSave(page, 2);

      // Away to the flows list and back through it, without reloading the page.
      await page.getByRole('link', { name: 'Flows', exact: true }).first().click();
      await page.getByRole('row').filter({ hasText: 'Reopened flow' }).getByRole('link').first().click();
      await page.waitForURL(/\/flows\/reopen$/);
      await page.getByRole('button', { name: 'Add Map' }).waitFor();
      expect(await nodeCount(page)).toBe(2);

      await addMapAndSave(page, 3);
      expect(await page.getByText('Someone else saved this flow').count()).toBe(0);
    });
    const saved = await api<{ definition: { nodes: { id: string }[] }; revision: number }>(
      url(),
      'GET',
      '/api/flows/reopen',
    );
    expect(saved.body.definition.nodes).toHaveLength(3);
  }, 120_000);
});
