import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { startRuntime, killHard, freePort, api, type RuntimeProcess } from '../support/runtime-process.ts';
import { artifacts, ensureDesignerBuilt, launch, shot, watchErrors } from './browser.ts';

const NODES = 300;

/** A webhook and 299 map nodes in a ten-wide grid, each fed by the previous one. */
function bigFlow() {
  const nodes = Array.from({ length: NODES }, (_, i) => i === 0
    ? { id: 'n0', type: 'trigger.webhook', config: { path: 'big' }, ui: { position: { x: 0, y: 0 } } }
    : { id: `n${i}`, type: 'map.jsonata', name: `Step ${i}`, config: { expression: `$ ~> |$|{'step${i}': ${i}}|` }, ui: { position: { x: (i % 10) * 280, y: Math.floor(i / 10) * 130 } } });
  const edges = nodes.slice(1).map((n, i) => ({ id: `e${i + 1}`, source: `n${i}`, target: n.id }));
  return { id: 'big', name: 'Three hundred nodes', schemaVersion: 1, nodes, edges };
}

let runtime: RuntimeProcess;
let browser: Browser;
let dataDir: string;

beforeAll(async () => {
  ensureDesignerBuilt();
  dataDir = mkdtempSync(join(tmpdir(), 'weft-e2e-big-'));
  [runtime, browser] = await Promise.all([freePort().then((port) => startRuntime(dataDir, port)), launch()]);
  const created = await api(runtime.url, 'POST', '/api/flows', bigFlow());
  expect(created.status).toBe(201);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  if (runtime) await killHard(runtime);
  rmSync(dataDir, { recursive: true, force: true });
});

describe('a 300-node flow in the designer', () => {
  it('opens in under 2 s and stays responsive to zoom and pan', async () => {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    const errors = watchErrors(page);
    await page.goto(runtime.url + '/');
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
    writeFileSync(join(artifacts, 'big-flow.json'), JSON.stringify({ nodes: NODES, openMs, gesturesMs: gestures }, null, 2));
    console.log(`300-node flow: opened in ${openMs} ms; zoom/pan gestures ${gestures.join(', ')} ms`);

    expect(openMs, `opening took ${openMs} ms`).toBeLessThan(2000);
    expect(slowest, `slowest gesture took ${slowest} ms`).toBeLessThan(1000);
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);
});
