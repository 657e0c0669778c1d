import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { api, freePort, killHard, startRuntime, type RuntimeProcess } from '../support/runtime-process.ts';
import { flow, n } from '../support/flows.ts';
import { shot } from './browser.ts';
import { inPage, startSession, userOf, PASSWORD, type Session } from './session.ts';
import { HttpStub } from '../support/http-stub.ts';

let session: Session;
const url = () => session.runtime.url;

beforeAll(async () => {
  session = await startSession('governance');
  const def = flow('billing-sync', { in: n.manual(), out: n.map('{ "ok": true }') }, ['in>out']);
  expect((await api(url(), 'POST', '/api/flows', { ...def, name: 'Billing sync' })).status).toBe(201);
  expect((await api(url(), 'POST', '/api/flows/billing-sync/publish', {})).status).toBe(201);
}, 240_000);
afterAll(() => session?.close());

const nav = (page: import('playwright-core').Page) => page.getByRole('navigation', { name: 'Main' });

describe('governance in Chromium: one session per role', () => {
  it('an admin stores a connection, tests it, and its secret never comes back; an analyst only picks it', async () => {
    const erp = await HttpStub.start();
    try {
      erp.respond('/', { status: 200, body: { hello: 'erp' } });
      await inPage(
        session.browser,
        'connections',
        async (page) => {
          await page.goto(`${url()}/connections`);
          await page.getByRole('heading', { name: 'Connections' }).waitFor();
          await page.getByRole('button', { name: 'Add connection' }).click();
          const dialog = page.getByRole('dialog', { name: 'Add a connection' });
          await dialog.getByLabel('Name', { exact: true }).fill('ERP production');
          await dialog.getByLabel(/^Id/).fill('erp');
          await dialog.getByLabel('Base URL').fill(erp.url);
          await dialog.getByLabel('Authentication').selectOption('bearer');
          await dialog.getByLabel('Token').fill('e2e-secret-token-4242');
          await dialog.getByRole('button', { name: 'Save' }).click();
          await page.getByRole('cell', { name: /ERP production/ }).waitFor();
          await page.getByRole('button', { name: 'Test connection' }).click();
          await page.getByText(/✓ .* answered 200/).waitFor();
          expect(erp.calls('/')[0]!.headers.authorization).toBe('Bearer e2e-secret-token-4242');
          await page.getByRole('button', { name: 'Edit' }).click();
          const edit = page.getByRole('dialog', { name: 'Edit ERP production' });
          expect(await edit.getByLabel('Token').inputValue()).toBe('');
          expect(await edit.getByLabel('Token').getAttribute('placeholder')).toBe('stored — leave empty to keep it');
          await shot(page, 'gov-00-connections');
          await edit.getByRole('button', { name: 'Cancel' }).click();
          expect(await page.content()).not.toContain('e2e-secret-token-4242');
        },
        undefined,
        'admin',
      );
      await inPage(
        session.browser,
        'connections-analyst',
        async (page) => {
          await page.goto(`${url()}/connections`);
          await page.getByRole('cell', { name: /ERP production/ }).waitFor();
          expect(await page.getByRole('button', { name: 'Add connection' }).count()).toBe(0);
          expect(await page.getByRole('button', { name: 'Test connection' }).count()).toBe(0);
        },
        undefined,
        'analyst',
      );
    } finally {
      await erp.close();
    }
  });

  it('the owner set-up appears on an empty Weft and signs the owner in', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'weft-e2e-owner-'));
    let rt: RuntimeProcess | undefined;
    try {
      rt = await startRuntime(dir, await freePort());
      const base = rt.url;
      await inPage(
        session.browser,
        'owner-setup',
        async (page) => {
          await page.goto(base);
          await page.getByRole('heading', { name: 'Set up Weft' }).waitFor();
          await page.getByLabel('Your name').fill('Olivia Owner');
          await page.getByLabel('Email').fill('owner@firm.test');
          await page.getByLabel('Password (at least 10 characters)').fill('owner password 1');
          await page.getByLabel('Password again').fill('owner password 1');
          await shot(page, 'gov-01-owner-setup');
          await page.getByRole('button', { name: 'Create owner account' }).click();
          await page.getByRole('heading', { name: 'Flows' }).waitFor();
          expect(await page.locator('.role-badge').textContent()).toBe('admin');
          expect(await page.locator('.user-name').textContent()).toBe('owner@firm.test');
        },
        undefined,
        null,
      );
      const status = await fetch(`${base}/api/auth/status`).then((r) => r.json());
      expect(status).toEqual({ setupNeeded: false });
    } finally {
      if (rt) await killHard(rt);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('an analyst signs in through the form and sees no operator or admin actions', async () => {
    await inPage(
      session.browser,
      'analyst',
      async (page) => {
        await page.goto(url());
        await page.getByRole('heading', { name: 'Sign in' }).waitFor();
        await page.getByLabel('Email').fill(userOf('analyst'));
        await page.getByLabel('Password').fill(PASSWORD);
        await page.getByRole('button', { name: 'Sign in' }).click();
        await page.getByRole('heading', { name: 'Flows' }).waitFor();
        expect(await page.locator('.role-badge').textContent()).toBe('analyst');
        expect(
          await nav(page)
            .getByRole('link', { name: /Failed runs/ })
            .count(),
        ).toBe(0);
        expect(await nav(page).getByRole('link', { name: 'Users' }).count()).toBe(0);
        expect(await page.getByRole('button', { name: 'Delete Billing sync' }).count()).toBe(0);
        await page.goto(`${url()}/flows/billing-sync/versions`);
        await page
          .getByRole('heading', { name: /Billing sync/ })
          .first()
          .waitFor();
        await page.getByRole('row', { name: /v1/ }).waitFor();
        expect(await page.getByRole('button', { name: 'Publish draft' }).count()).toBe(0);
        expect(await page.getByRole('button', { name: /Activate/ }).count()).toBe(0);
        await shot(page, 'gov-02-analyst-versions');
        await page.getByRole('button', { name: 'Sign out' }).click();
        await page.getByRole('heading', { name: 'Sign in' }).waitFor();
      },
      undefined,
      null,
    );
  });

  it('an operator publishes and activates, and sees failed runs but not the admin screens', async () => {
    await inPage(
      session.browser,
      'operator',
      async (page) => {
        await page.goto(`${url()}/flows/billing-sync/versions`);
        await page.getByRole('row', { name: /v1/ }).waitFor();
        expect(await page.locator('.role-badge').textContent()).toBe('operator');
        expect(
          await nav(page)
            .getByRole('link', { name: /Failed runs/ })
            .count(),
        ).toBe(1);
        expect(await nav(page).getByRole('link', { name: 'Audit' }).count()).toBe(0);
        await page.getByRole('button', { name: 'Activate v1' }).click();
        await page.getByRole('dialog').getByRole('button', { name: 'Activate' }).click();
        await expect
          .poll(
            () =>
              api<{ activeVersion: number | null }>(url(), 'GET', '/api/flows/billing-sync').then(
                (r) => r.body.activeVersion,
              ),
            { timeout: 10_000 },
          )
          .toBe(1);
      },
      undefined,
      'operator',
    );
  });

  it('an admin adds a user, creates and revokes a token, and reads and checks the audit log', async () => {
    await inPage(
      session.browser,
      'admin',
      async (page) => {
        await page.goto(`${url()}/admin/users`);
        await page.getByRole('heading', { name: 'Users and API tokens' }).waitFor();
        await page.getByRole('button', { name: 'Add user' }).click();
        const add = page.getByRole('dialog', { name: 'Add a user' });
        await add.getByLabel('Email').fill('new.analyst@firm.test');
        await add.getByLabel('Role').selectOption('analyst');
        await add.getByLabel(/Initial password/).fill('new analyst pw 1');
        await add.getByRole('button', { name: 'Add user' }).click();
        await page.getByRole('cell', { name: 'new.analyst@firm.test' }).first().waitFor();

        await page.getByRole('button', { name: 'Create token' }).click();
        const create = page.getByRole('dialog', { name: 'Create an API token' });
        await create.getByLabel('Name').fill('CI deploys');
        await create.getByRole('button', { name: 'Create token' }).click();
        const shown = page.getByLabel('API token', { exact: true });
        await expect.poll(() => shown.inputValue(), { timeout: 10_000 }).toMatch(/^weft_/);
        const value = await shown.inputValue();
        await shot(page, 'gov-03-token-once');
        await page.getByRole('button', { name: 'I have copied it' }).click();
        expect((await fetch(`${url()}/api/flows`, { headers: { authorization: `Bearer ${value}` } })).status).toBe(200);
        await page
          .getByRole('row', { name: /CI deploys/ })
          .getByRole('button', { name: 'Revoke' })
          .click();
        await page.getByRole('dialog').getByRole('button', { name: 'Revoke token' }).click();
        await page
          .getByRole('row', { name: /CI deploys/ })
          .getByText('revoked')
          .waitFor();
        expect((await fetch(`${url()}/api/flows`, { headers: { authorization: `Bearer ${value}` } })).status).toBe(401);
        await shot(page, 'gov-04-users');

        await nav(page).getByRole('link', { name: 'Audit' }).click();
        await page.getByRole('heading', { name: 'Audit log' }).waitFor();
        await page.getByRole('cell', { name: 'flow.activated' }).waitFor();
        await page.getByRole('cell', { name: 'token.revoked' }).waitFor();
        const activated = page.getByRole('row', { name: /flow\.activated/ });
        expect(await activated.textContent()).toContain(userOf('operator'));
        await activated.getByRole('button', { name: 'Details' }).click();
        await page.getByText('"activeVersion": 1').waitFor();
        await page.getByRole('button', { name: 'Verify chain' }).click();
        await page.getByText(/The chain is intact: \d+ entries/).waitFor();
        await page.getByLabel('Action').fill('user.');
        await page.getByRole('button', { name: 'Filter' }).click();
        await expect.poll(() => page.getByRole('cell', { name: 'flow.activated' }).count()).toBe(0);
        await page.getByRole('cell', { name: 'user.created' }).first().waitFor();
        await shot(page, 'gov-05-audit');
      },
      undefined,
      'admin',
    );
  });
});
