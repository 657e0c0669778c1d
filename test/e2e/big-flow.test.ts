import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { api } from '../support/runtime-process.ts';
import { artifacts, shot } from './browser.ts';
import { inPage, startSession, type Session } from './session.ts';

const NODES = 300;

/** A webhook and 299 map nodes in a ten-wide grid, each fed by the previous one. */
function bigFlow() {
  const nodes = Array.from({ length: NODES }, (_, i) =>
    i === 0
      ? { id: 'n0', type: 'trigger.webhook', config: { path: 'big' }, ui: { position: { x: 0, y: 0 } } }
      : {
          id: `n${i}`,
          type: 'map.jsonata',
          name: `Step ${i}`,
          config: { expression: `$ ~> |$|{'step${i}': ${i}}|` },
          ui: { position: { x: (i % 10) * 280, y: Math.floor(i / 10) * 130 } },
        },
  );
  const edges = nodes.slice(1).map((n, i) => ({ id: `e${i + 1}`, source: `n${i}`, target: n.id }));
  return { id: 'big', name: 'Three hundred nodes', schemaVersion: 1, nodes, edges };
}

let session: Session;

beforeAll(async () => {
  session = await startSession('big');
  const created = await api(session.runtime.url, 'POST', '/api/flows', bigFlow());
  expect(created.status).toBe(201);
}, 240_000);

afterAll(async () => {
  await session?.close();
});

describe('a 300-node flow in the designer', () => {
  it('opens in under 2 s and stays responsive to zoom and pan', async () => {
    await inPage(session.browser, 'big-flow', async (page) => {
      await page.goto(session.runtime.url + '/');
      await page.getByRole('link', { name: 'Three hundred nodes' }).waitFor();

      const opened = Date.now();
      await page.getByRole('link', { name: 'Three hundred nodes' }).click();
      await page.locator('.react-flow__node').first().waitFor();
      await page.getByText('All changes saved').waitFor();
      const openMs = Date.now() - opened;

      // Pan by dragging the empty margin of the canvas, then zoom with the controls; time each gesture until the frame after it.
      const gestures: number[] = [];
      const viewport = page.locator('.react-flow__viewport');
      const settle = async (before: string | null) => {
        await expect.poll(() => viewport.getAttribute('style'), { timeout: 2000 }).not.toBe(before);
        await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(null))));
      };
      const box = (await page.locator('.react-flow__pane').boundingBox())!;
      for (let i = 0; i < 3; i++) {
        const before = await viewport.getAttribute('style');
        const t = Date.now();
        await page.mouse.move(box.x + 12, box.y + 12);
        await page.mouse.down();
        await page.mouse.move(box.x + 212, box.y + 112, { steps: 10 });
        await page.mouse.up();
        await settle(before);
        gestures.push(Date.now() - t);
      }
      for (const name of ['Zoom In', 'Zoom In', 'Zoom Out', 'Zoom Out', 'Zoom In']) {
        const before = await viewport.getAttribute('style');
        const t = Date.now();
        await page.getByRole('button', { name }).click();
        await settle(before);
        gestures.push(Date.now() - t);
      }
      await shot(page, '08-big-flow');
      const slowest = Math.max(...gestures);
      mkdirSync(artifacts, { recursive: true });
      writeFileSync(
        join(artifacts, 'big-flow.json'),
        JSON.stringify({ nodes: NODES, openMs, gesturesMs: gestures }, null, 2),
      );
      console.log(`300-node flow: opened in ${openMs} ms; zoom/pan gestures ${gestures.join(', ')} ms`);

      expect(openMs, `opening took ${openMs} ms`).toBeLessThan(2000);
      expect(slowest, `slowest gesture took ${slowest} ms`).toBeLessThan(1000);
    });
  }, 120_000);
});
