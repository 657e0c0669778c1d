import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startRuntime, killHard, freePort, type RuntimeProcess } from '../support/runtime-process.ts';
import { ensureDesignerBuilt, launch, shot, watchErrors } from './browser.ts';

export interface Session {
  runtime: RuntimeProcess;
  browser: Browser;
  close(): Promise<void>;
}

/** A runtime on a fresh data folder and a browser, started side by side. */
export async function startSession(name: string, env: Record<string, string> = {}): Promise<Session> {
  ensureDesignerBuilt();
  const dataDir = mkdtempSync(join(tmpdir(), `weft-e2e-${name}-`));
  const [runtime, browser] = await Promise.all([freePort().then((port) => startRuntime(dataDir, port, env)), launch()]);
  return {
    runtime,
    browser,
    async close() {
      await browser.close();
      await killHard(runtime);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Runs `steps` in a new page. On failure the screen is saved as failure-<name>.png and the browser's
 * errors are added to the message; on success the page must not have logged any error.
 */
export async function inPage(browser: Browser, name: string, steps: (page: Page) => Promise<void>, viewport = { width: 1600, height: 1000 }): Promise<void> {
  const page = await browser.newPage({ viewport });
  const errors = watchErrors(page);
  try {
    await steps(page);
  } catch (e) {
    await shot(page, `failure-${name}`);
    throw new Error(`${(e as Error).message}\nbrowser errors:\n${errors.join('\n') || '(none)'}`);
  } finally {
    await page.close();
  }
  if (errors.length) throw new Error(`the page logged errors:\n${errors.join('\n')}`);
}
