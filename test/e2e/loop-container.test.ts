import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { api } from '../support/runtime-process.ts';
import { inPage, startSession, type Session } from './session.ts';

const SHOTS = '/tmp/loop-shots';
const flow = {
  id: 'loops',
  name: 'Loops',
  schemaVersion: 1,
  nodes: [{ id: 'start', type: 'trigger.manual', name: 'Start', config: {}, ui: { position: { x: 0, y: 0 } } }],
  edges: [],
};

let session: Session;
const url = () => session.runtime.url;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  session = await startSession('loops');
  expect((await api(url(), 'POST', '/api/flows', flow)).status).toBe(201);
}, 240_000);

afterAll(async () => {
  await session?.close();
});

const canvas = (page: Page) => page.getByRole('region', { name: 'Flow canvas' });
const nodeEl = (page: Page, id: string) => page.locator(`.react-flow__node[data-id="${id}"]`);

async function box(l: Locator) {
  const b = await l.boundingBox();
  if (!b) throw new Error(`${l} is not on the screen`);
  return b;
}

/** Drags a palette kind onto the canvas at page coordinates (x, y). */
async function dropKind(page: Page, title: string, x: number, y: number): Promise<void> {
  const c = await box(canvas(page));
  await page
    .getByRole('button', { name: `Add ${title}` })
    .dragTo(canvas(page), { targetPosition: { x: x - c.x, y: y - c.y } });
}

/** Whether `inner` lies wholly inside `outer` on the screen. */
async function inside(page: Page, inner: string, outer: string): Promise<boolean> {
  const i = await box(nodeEl(page, inner));
  const o = await box(nodeEl(page, outer));
  return i.x >= o.x && i.y >= o.y && i.x + i.width <= o.x + o.width && i.y + i.height <= o.y + o.height;
}

type Saved = { definition: { nodes: { id: string; type: string; parentId?: string }[] } };
const savedNodes = async () => (await api<Saved>(url(), 'GET', '/api/flows/loops')).body.definition.nodes;

/** Fits the flow into the canvas, then takes a screenshot for people to look at. */
async function snap(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name: 'Fit View', exact: true }).click();
  await page.screenshot({ path: `${SHOTS}/${name}.png` });
}

async function save(page: Page): Promise<void> {
  await page.keyboard.press('Control+s');
  await page.getByText('All changes saved').waitFor();
}

describe('a loop on the canvas, in Chromium', () => {
  it('holds an HTTP node dropped into it, saved and shown inside after a reload, and lets it go when dragged out', async () => {
    await inPage(session.browser, 'loops', async (page) => {
      await page.goto(`${url()}/flows/loops`);
      await page.getByText('All changes saved').waitFor();

      // Drop a loop below the trigger; it is drawn as an empty container saying what it is for.
      const start = await box(nodeEl(page, 'start'));
      await dropKind(page, 'Loop', start.x + 100, start.y + start.height + 80);
      await nodeEl(page, 'loop').waitFor();
      await page.getByText('Drag nodes here: they run once for each item').waitFor();
      await snap(page, '01-loop-dropped');

      // Drop an HTTP node into the container: it joins the loop's body.
      const loop = await box(nodeEl(page, 'loop'));
      await dropKind(page, 'HTTP request', loop.x + loop.width / 2, loop.y + loop.height / 2 + 20);
      await nodeEl(page, 'http_request').waitFor();
      await expect.poll(() => page.getByText('Drag nodes here: they run once for each item').count()).toBe(0);
      expect(await inside(page, 'http_request', 'loop')).toBe(true);

      // An edge from the trigger into the body is refused, with the reason.
      const from = await box(page.getByLabel('Start: output out', { exact: true }));
      const to = await box(page.getByLabel('HTTP request: input in', { exact: true }));
      await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
      await page.mouse.down();
      await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 8 });
      await page.mouse.up();
      await page.getByRole('alert').filter({ hasText: 'edges stay inside one loop body' }).waitFor();
      expect(await page.locator('.react-flow__edge').count()).toBe(0);
      await snap(page, '02-http-inside-loop');

      await save(page);
      expect((await savedNodes()).find((n) => n.id === 'http_request')?.parentId).toBe('loop');

      // After a reload the HTTP node is drawn inside its loop again.
      await page.reload();
      await page.getByText('All changes saved').waitFor();
      await nodeEl(page, 'http_request').waitFor();
      expect(await inside(page, 'http_request', 'loop')).toBe(true);
      await snap(page, '03-reloaded');

      // Dragged out below the container, it leaves the loop's body.
      const http = await box(nodeEl(page, 'http_request'));
      const after = await box(nodeEl(page, 'loop'));
      await page.mouse.move(http.x + 60, http.y + 14);
      await page.mouse.down();
      await page.mouse.move(http.x + 60, after.y + after.height + 120, { steps: 10 });
      await page.mouse.up();
      await expect.poll(() => inside(page, 'http_request', 'loop')).toBe(false);
      await snap(page, '04-dragged-out');
      await save(page);
      expect((await savedNodes()).find((n) => n.id === 'http_request')?.parentId).toBeUndefined();
    });
  }, 180_000);
});
