// The canvas cell: how long the designer, in headless Chromium, takes to open the 300-node flow and to
// answer pan and zoom gestures on it, against the built designer served by the bundled runtime.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { startChild, waitHttpOk, freePort, stopChild } from './procs.ts';
import { ADMIN_TOKEN, ADMIN_AUTH } from '../support/auth.ts';
import { BIG_FLOW_NODES, bigFlow } from '../support/big-flow.ts';
import { buildDesigner } from '../support/designer-build.ts';
import { launch } from '../e2e/browser.ts';

export interface CanvasResult {
  nodes: number;
  /** From the click on the flow's link until its nodes are on the canvas and the editor says all is saved. */
  openMs: number;
  /** Three pans by dragging, then five zoom clicks: each until the frame after the viewport moved. */
  gesturesMs: number[];
  slowestGestureMs: number;
}

const EMAIL = 'bench@weft.test';
const PASSWORD = 'bench password 1234';

async function post(base: string, path: string, body: unknown, headers: Record<string, string> = ADMIN_AUTH) {
  const res = await fetch(base + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  if (res.status >= 300) throw new Error(`POST ${path} answered ${res.status}: ${await res.text()}`);
  return res;
}

/** Waits until the canvas viewport has moved from `before`, then for the next frame. */
async function settled(page: Page, before: string | null): Promise<void> {
  await page.waitForFunction(
    (b) => document.querySelector('.react-flow__viewport')?.getAttribute('style') !== b,
    before,
    { timeout: 10_000 },
  );
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(null))));
}

async function measure(page: Page, url: string): Promise<Omit<CanvasResult, 'nodes'>> {
  await page.goto(`${url}/`);
  const link = page.getByRole('link', { name: 'Three hundred nodes' });
  await link.waitFor();
  const opened = performance.now();
  await link.click();
  await page.locator('.react-flow__node').first().waitFor();
  await page.getByText('All changes saved').waitFor();
  const openMs = performance.now() - opened;

  const viewport = page.locator('.react-flow__viewport');
  const box = await page.locator('.react-flow__pane').boundingBox();
  if (!box) throw new Error('the canvas pane has no box');
  const gesturesMs: number[] = [];
  const timed = async (gesture: () => Promise<void>) => {
    const before = await viewport.getAttribute('style');
    const t = performance.now();
    await gesture();
    await settled(page, before);
    gesturesMs.push(performance.now() - t);
  };
  for (let i = 0; i < 3; i++)
    await timed(async () => {
      await page.mouse.move(box.x + 12, box.y + 12);
      await page.mouse.down();
      await page.mouse.move(box.x + 212, box.y + 112, { steps: 10 });
      await page.mouse.up();
    });
  for (const name of ['Zoom In', 'Zoom In', 'Zoom Out', 'Zoom Out', 'Zoom In'])
    await timed(() => page.getByRole('button', { name }).click());
  return { openMs, gesturesMs, slowestGestureMs: Math.max(...gesturesMs) };
}

/** Builds the designer, starts the bundled runtime on a fresh folder with the big flow and measures it in Chromium, `rounds` times. */
export async function measureCanvas(root: string, rounds: number): Promise<CanvasResult> {
  buildDesigner();
  const dir = mkdtempSync(join(tmpdir(), 'weft-bench-canvas-'));
  const port = await freePort();
  const weft = startChild(
    'weft-canvas',
    [join(root, 'runtime/dist/weft.mjs'), 'start', '--port', String(port), '--host', '127.0.0.1', '--data', dir],
    { WEFT_EXAMPLES: 'off', WEFT_DEMO: 'off', WEFT_LOG_LEVEL: 'warn', WEFT_BOOTSTRAP_TOKEN: ADMIN_TOKEN },
  );
  let browser: Awaited<ReturnType<typeof launch>> | null = null;
  try {
    browser = await launch();
    const base = `http://127.0.0.1:${port}`;
    await waitHttpOk(weft, `${base}/healthz`, 30_000);
    await post(base, '/api/users', { email: EMAIL, name: 'Bench', role: 'admin', password: PASSWORD });
    await post(base, '/api/flows', bigFlow());
    const login = await post(base, '/api/auth/login', { email: EMAIL, password: PASSWORD }, {});
    const cookie = /weft_session=([^;]+)/.exec(login.headers.get('set-cookie') ?? '')?.[1];
    if (!cookie) throw new Error('signing in gave no session cookie');
    // Each round in a new page; the round with the median opening time is reported.
    const results: Omit<CanvasResult, 'nodes'>[] = [];
    for (let r = 0; r < rounds; r++) {
      const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
      await page.context().addCookies([{ name: 'weft_session', value: cookie, url: base, httpOnly: true }]);
      results.push(await measure(page, base));
      await page.close();
    }
    results.sort((x, y) => x.openMs - y.openMs);
    return { nodes: BIG_FLOW_NODES, ...results[Math.floor(results.length / 2)] };
  } finally {
    await browser?.close();
    await stopChild(weft);
    rmSync(dir, { recursive: true, force: true });
  }
}
