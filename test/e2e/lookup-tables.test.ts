import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../support/runtime-process.ts';
import { shot } from './browser.ts';
import { inPage, startSession, type Session } from './session.ts';

let session: Session;
const url = () => session.runtime.url;

beforeAll(async () => {
  session = await startSession('lookup-tables');
  const created = await api(url(), 'POST', '/api/lookup-tables', {
    name: 'service_lines',
    entries: [
      { key: 'consulting', value: '4000' },
      { key: 'training', value: '4100' },
    ],
  });
  expect(created.status).toBe(201);
}, 240_000);
afterAll(() => session?.close());

describe('lookup tables in Chromium', () => {
  it('an analyst opens a table, changes, adds and removes rows, saves, imports and exports CSV', async () => {
    await inPage(
      session.browser,
      'lookup-tables',
      async (page) => {
        await page.goto(url());
        await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Lookup tables' }).click();
        await page.getByRole('heading', { name: 'Lookup tables' }).waitFor();
        await page.getByRole('link', { name: 'service_lines' }).click();
        await page.getByLabel('Value of row 2').waitFor();

        await page.getByLabel('Value of row 2').fill('4150');
        await page.getByRole('button', { name: 'Remove row 1' }).click();
        await page.getByRole('button', { name: 'Add row' }).click();
        await page.getByLabel('Key of row 2').fill('support, 2nd line');
        await page.getByLabel('Value of row 2').fill('4200 "Ü"');
        await page.getByRole('button', { name: 'Save' }).click();
        await page.getByRole('status').getByText('Saved version 2 (2 entries)').waitFor();
        await shot(page, 'lookup-table-edit');
        const saved = await api<{ entries: unknown[] }>(url(), 'GET', '/api/lookup-tables/service_lines');
        expect(saved.body.entries).toEqual([
          { key: 'support, 2nd line', value: '4200 "Ü"' },
          { key: 'training', value: '4150' },
        ]);

        const download = page.waitForEvent('download');
        await page.getByRole('button', { name: 'Export CSV' }).click();
        const csv = readFileSync((await (await download).path())!, 'utf8');
        expect(csv).toBe('key,value\r\n"support, 2nd line","4200 ""Ü"""\r\ntraining,4150\r\n');

        await page.getByLabel('CSV file to import').setInputFiles({
          name: 'lines.csv',
          mimeType: 'text/csv',
          buffer: Buffer.from('key,value\r\nconsulting,4000\r\n'),
        });
        await page.getByRole('status').getByText('Imported lines.csv: version 3 (1 entry)').waitFor();
        await expect.poll(() => page.getByLabel('Key of row 1').inputValue(), { timeout: 10_000 }).toBe('consulting');
        await shot(page, 'lookup-table-imported');
      },
      undefined,
      'analyst',
    );
  });

  it('keeps what is typed while a save is on its way, as unsaved work', async () => {
    await inPage(
      session.browser,
      'lookup-typing-during-save',
      async (page) => {
        const path = '/api/lookup-tables/service_lines';
        let arrived!: () => void;
        const putArrived = new Promise<void>((r) => (arrived = r));
        let release!: () => void;
        const held = new Promise<void>((r) => (release = r));
        await page.route(`**${path}`, async (route) => {
          if (route.request().method() === 'PUT') {
            arrived();
            await held;
          }
          await route.continue();
        });
        await page.goto(`${url()}/lookups/service_lines`);
        const value = page.getByLabel('Value of row 1');
        await value.waitFor();
        await value.fill('4001');
        await page.getByRole('button', { name: 'Save' }).click();
        await putArrived;
        await value.fill('4002');
        const refetched = page.waitForResponse((r) => r.url().endsWith(path) && r.request().method() === 'GET');
        release();
        await page.getByRole('status').getByText('Saved version 4 (1 entry)').waitFor();
        await refetched;
        await value.press('End');
        await page.keyboard.type('5');
        await expect.poll(() => value.inputValue()).toBe('40025');
        await page.getByText('unsaved changes').waitFor();
        await page.getByRole('button', { name: 'Save' }).click();
        await page.getByRole('status').getByText('Saved version 5 (1 entry)').waitFor();
        const saved = await api<{ entries: unknown[] }>(url(), 'GET', path);
        expect(saved.body.entries).toEqual([{ key: 'consulting', value: '40025' }]);
      },
      undefined,
      'analyst',
    );
  });
});
