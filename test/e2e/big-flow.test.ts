import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { api } from '../support/runtime-process.ts';
import { bigFlow } from '../support/big-flow.ts';
import { shot } from './browser.ts';
import { inPage, startSession, type Session } from './session.ts';

// How fast it opens and pans is measured by `npm run bench` (test/bench/canvas.ts), against its targets.
let session: Session;

beforeAll(async () => {
  session = await startSession('big');
  const created = await api(session.runtime.url, 'POST', '/api/flows', bigFlow());
  expect(created.status).toBe(201);
}, 240_000);

afterAll(async () => {
  await session?.close();
});

/** The canvas viewport's transform, e.g. "transform: translate(10px, 20px) scale(1);". */
const viewportStyle = (page: Page) => page.locator('.react-flow__viewport').getAttribute('style');

/** Runs `gesture` and waits (bounded) until the viewport has moved. */
async function moves(page: Page, what: string, gesture: () => Promise<void>): Promise<void> {
  const before = await viewportStyle(page);
  await gesture();
  await expect
    .poll(() => viewportStyle(page), { message: `${what} moves the canvas`, timeout: 10_000 })
    .not.toBe(before);
}

describe('a 300-node flow in the designer', () => {
  it('opens with its nodes on the canvas, and pans and zooms', async () => {
    await inPage(session.browser, 'big-flow', async (page) => {
      await page.goto(session.runtime.url + '/');
      await page.getByRole('link', { name: 'Three hundred nodes' }).click();
      await page.locator('.react-flow__node').first().waitFor();
      await page.getByText('All changes saved').waitFor();
      await expect.poll(() => page.locator('.react-flow__node[data-id="n0"]').count()).toBe(1);

      const box = (await page.locator('.react-flow__pane').boundingBox())!;
      for (let i = 0; i < 3; i++)
        await moves(page, `pan ${i + 1}`, async () => {
          await page.mouse.move(box.x + 12, box.y + 12);
          await page.mouse.down();
          await page.mouse.move(box.x + 212, box.y + 112, { steps: 10 });
          await page.mouse.up();
        });
      for (const name of ['Zoom In', 'Zoom In', 'Zoom Out', 'Zoom Out', 'Zoom In'])
        await moves(page, name, () => page.getByRole('button', { name }).click());
      await shot(page, '08-big-flow');
    });
  }, 120_000);
});
