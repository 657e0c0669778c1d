import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { freePort } from '../support/runtime-process.ts';
import { eventually } from '../support/poll.ts';
import { shot } from './browser.ts';
import { inPage, startSession, type Session } from './session.ts';

/** The README walkthrough on a first start: example flows, sample systems and the demo day. */
let session: Session;

beforeAll(async () => {
  session = await startSession('walkthrough', { WEFT_EXAMPLES: 'on', WEFT_DEMO: 'on', WEFT_DEMO_PORT: String(await freePort()), WEFT_LOG_LEVEL: 'info' });
  await eventually(async () => /demo: done:/.test(session.runtime.output()), 'the demo day to finish', 90_000, 200);
}, 240_000);

afterAll(async () => {
  await session?.close();
});

/** Zoom of the flow canvas, read from the viewport's transform. */
const zoomOf = async (page: Page) => Number(/scale\(([\d.]+)\)/.exec((await page.locator('.canvas .react-flow__viewport').getAttribute('style')) ?? '')?.[1]);

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
      const cut = await page.locator('.wnode-name').evaluateAll((els) => els.filter((e) => e.scrollWidth > e.clientWidth || e.scrollHeight > e.clientHeight).map((e) => e.textContent));
      expect(cut).toEqual([]);
      // The bottom panel takes what its content needs; the canvas keeps the rest.
      const panel = (await page.getByRole('region', { name: 'Problems, samples and test run' }).boundingBox())!;
      expect(panel.height).toBeLessThan(canvas.height / 3);
      await shot(page, '20-walkthrough-opened');
    });
  }, 60_000);
});
