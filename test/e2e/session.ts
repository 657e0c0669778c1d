import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startRuntime, killHard, freePort, api, type RuntimeProcess } from '../support/runtime-process.ts';
import type { Role } from '../../shared/identity.ts';
import { expectDesignerBuilt, launch, shot, watchErrors } from './browser.ts';

export interface Session {
  runtime: RuntimeProcess;
  browser: Browser;
  close(): Promise<void>;
}

/** One user per role on every session's runtime; pages sign in as one of them. */
export const PASSWORD = 'e2e password 1234';
export const userOf = (role: Role) => `${role}@weft.test`;
const runtimeOf = new WeakMap<Browser, string>();

/** A runtime on a fresh data folder with an analyst, an operator and an admin, and a browser, started side by side. */
export async function startSession(name: string, env: Record<string, string> = {}): Promise<Session> {
  expectDesignerBuilt();
  const dataDir = mkdtempSync(join(tmpdir(), `weft-e2e-${name}-`));
  const [runtime, browser] = await Promise.all([freePort().then((port) => startRuntime(dataDir, port, env)), launch()]);
  for (const role of ['analyst', 'operator', 'admin'] as const) {
    const res = await api(runtime.url, 'POST', '/api/users', {
      email: userOf(role),
      name: `${role[0]!.toUpperCase()}${role.slice(1)} Example`,
      role,
      password: PASSWORD,
    });
    if (res.status !== 201)
      throw new Error(`could not create the ${role} user: ${res.status} ${JSON.stringify(res.body)}`);
  }
  runtimeOf.set(browser, runtime.url);
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
export async function inPage(
  browser: Browser,
  name: string,
  steps: (page: Page) => Promise<void>,
  viewport = { width: 1600, height: 1000 },
  as: Role | null = 'admin',
): Promise<void> {
  const page = await browser.newPage({ viewport });
  if (as) await signInCookie(page, runtimeOf.get(browser)!, as);
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

/** Signs `page` in as the user of `role` (the session cookie a sign-in through the form would set). */
export async function signInCookie(page: Page, url: string, role: Role): Promise<void> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: userOf(role), password: PASSWORD }),
  });
  const cookie = /weft_session=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1];
  if (res.status !== 200 || !cookie) throw new Error(`signing in as ${role} failed: ${res.status} ${await res.text()}`);
  await page.context().addCookies([{ name: 'weft_session', value: cookie, url, httpOnly: true, sameSite: 'Strict' }]);
}
