import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { api } from '../support/runtime-process.ts';
import { shot } from './browser.ts';
import { inPage, startSession, type Session } from './session.ts';

const flow = {
  id: 'gestures',
  name: 'Gestures',
  schemaVersion: 1,
  nodes: [
    {
      id: 'hook',
      type: 'trigger.webhook',
      name: 'Hook',
      config: { path: 'gestures' },
      ui: { position: { x: 0, y: 0 } },
    },
    { id: 'map', type: 'map.jsonata', name: 'Shape', config: { expression: '$' }, ui: { position: { x: 300, y: 0 } } },
    { id: 'check', type: 'validate.schema', name: 'Check', config: {}, ui: { position: { x: 600, y: 0 } } },
  ],
  edges: [
    { id: 'e1', source: 'hook', target: 'map' },
    { id: 'e2', source: 'map', target: 'check' },
  ],
  samples: [{ name: 'Deal', payload: { opportunity: { id: 'O-1', amount: 5 } } }],
};

let session: Session;
const runtime = {
  get url() {
    return session.runtime.url;
  },
};

beforeAll(async () => {
  session = await startSession('gestures');
  expect((await api(runtime.url, 'POST', '/api/flows', flow)).status).toBe(201);
}, 240_000);

afterAll(async () => {
  await session?.close();
});

const nodeCount = (page: Page) => page.locator('.react-flow__node').count();

describe('editing gestures in the browser', () => {
  it('copies, pastes, undoes, redoes, deletes, refuses a loop, adds from the keyboard and warns before leaving unsaved work', async () => {
    await inPage(
      session.browser,
      'gestures',
      async (page) => {
        await page.goto(`${runtime.url}/flows/gestures`);
        await page.getByText('All changes saved').waitFor();
        expect(await nodeCount(page)).toBe(3);

        // Copy and paste the selected node; undo and redo it.
        await page.locator('.react-flow__node[data-id="map"]').click({ position: { x: 60, y: 14 } });
        await page.keyboard.press('Control+c');
        await page.keyboard.press('Control+v');
        await expect.poll(() => nodeCount(page)).toBe(4);
        await page.locator('.react-flow__node[data-id="map_2"]').waitFor();
        await page.getByText('● Unsaved changes').waitFor();
        await page.keyboard.press('Control+z');
        await expect.poll(() => nodeCount(page)).toBe(3);
        await page.keyboard.press('Control+Shift+z');
        await expect.poll(() => nodeCount(page)).toBe(4);

        // Delete removes the selection (the pasted node is selected).
        await page.keyboard.press('Delete');
        await expect.poll(() => nodeCount(page)).toBe(3);

        // An edge that would close a loop is refused with the reason.
        const from = (await page.getByLabel('Check: output valid', { exact: true }).boundingBox())!;
        const to = (await page.getByLabel('Shape: input in', { exact: true }).boundingBox())!;
        await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
        await page.mouse.down();
        await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 8 });
        await page.mouse.up();
        await page.getByRole('alert').filter({ hasText: 'Edge not added: this edge would close a loop' }).waitFor();
        expect(await page.locator('.react-flow__edge').count()).toBe(2);

        // The JSONata editor completes field paths from the sample, marks a syntax error where the parser stops, and previews the result.
        await page.locator('.react-flow__node[data-id="map"]').click({ position: { x: 60, y: 14 } });
        await page.getByRole('textbox', { name: 'Expression' }).click();
        await page.keyboard.press('Control+a');
        await page.keyboard.type('oppor');
        const option = page
          .getByRole('listbox')
          .getByRole('option', { name: /^opportunity/ })
          .first();
        await option.waitFor();
        // CodeMirror ignores an accept in the first moments after the list opens; click until it takes.
        const editorText = () => page.getByRole('textbox', { name: 'Expression' }).textContent();
        await expect
          .poll(async () => {
            if ((await editorText()) === 'oppor') await option.click({ timeout: 200 }).catch(() => undefined);
            return editorText();
          })
          .toBe('opportunity');
        await page.keyboard.type('.amount +');
        const preview = page.getByRole('region', { name: 'Preview' });
        await preview.getByRole('alert').waitFor();
        await page.locator('.cm-lintRange-error').first().waitFor();
        await shot(page, '12-expression-error');
        await page.keyboard.type(' 1');
        await expect.poll(() => preview.textContent()).toContain('6');
        expect(await page.locator('.cm-lintRange-error').count()).toBe(0);
        await page.getByRole('textbox', { name: 'Expression' }).press('Control+a');
        await page.keyboard.insertText('$');

        // Keyboard: add a node from the palette with Enter; the help lists the shortcuts.
        await page.getByRole('button', { name: 'Add Map' }).focus();
        await page.keyboard.press('Enter');
        await expect.poll(() => nodeCount(page)).toBe(4);
        await page.locator('body').press('?');
        await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).getByText('Ctrl+Shift+Z').waitFor();
        await shot(page, '09-editor-shortcuts');
        await page.keyboard.press('Escape');

        // Leaving with unsaved work asks first; staying keeps the work, saving clears the marker.
        await page.getByRole('link', { name: 'Flows', exact: true }).first().click();
        const leave = page.getByRole('dialog', { name: 'Leave without saving?' });
        await leave.waitFor();
        await leave.getByRole('button', { name: 'Cancel' }).click();
        expect(page.url()).toMatch(/\/flows\/gestures$/);
        await page.keyboard.press('Control+s');
        await page.getByText('All changes saved').waitFor();
        const saved = await api<{ definition: { nodes: { id: string }[] } }>(runtime.url, 'GET', '/api/flows/gestures');
        expect(saved.body.definition.nodes.map((n) => n.id)).toEqual(['hook', 'map', 'check', 'map_2']);
      },
      { width: 1600, height: 1000 },
    );
  }, 120_000);

  it('imports, duplicates, exports and deletes flows from the list', async () => {
    await inPage(
      session.browser,
      'flows',
      async (page) => {
        await page.goto(runtime.url + '/');
        await page.getByRole('link', { name: 'Gestures' }).waitFor();

        const file = {
          ...flow,
          id: 'imported',
          name: 'Imported flow',
          nodes: flow.nodes.map((n) => (n.id === 'hook' ? { ...n, config: { path: 'imported' } } : n)),
        };
        await page.getByLabel('Flow file to import').setInputFiles({
          name: 'imported.json',
          mimeType: 'application/json',
          buffer: Buffer.from(JSON.stringify(file)),
        });
        await page.getByRole('link', { name: 'Imported flow' }).waitFor();
        await page
          .getByLabel('Flow file to import')
          .setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"id": ') });
        await page.getByRole('alert').filter({ hasText: 'broken.json is not valid JSON' }).waitFor();

        await page.getByRole('button', { name: 'Duplicate Imported flow' }).click();
        await page.getByRole('link', { name: 'Imported flow (copy)' }).waitFor();

        const download = page.waitForEvent('download');
        await page.getByRole('button', { name: 'Export Imported flow', exact: true }).click();
        const exported = JSON.parse(readFileSync(await (await download).path(), 'utf8'));
        expect(exported).toMatchObject({
          id: 'imported',
          name: 'Imported flow',
          nodes: [{ id: 'hook' }, { id: 'map' }, { id: 'check' }],
        });

        await page.getByRole('button', { name: 'Delete Imported flow (copy)' }).click();
        await page
          .getByRole('dialog', { name: /Delete “Imported flow \(copy\)”/ })
          .getByRole('button', { name: 'Delete flow' })
          .click();
        await expect.poll(() => page.getByRole('link', { name: 'Imported flow (copy)' }).count()).toBe(0);
        const listed = await api<{ flows: { id: string }[] }>(runtime.url, 'GET', '/api/flows');
        expect(listed.body.flows.map((f) => f.id).sort()).toEqual(['gestures', 'imported']);
      },
      { width: 1400, height: 900 },
    );
  }, 120_000);

  it('shows a switch case as a new output handle that can be connected at once', async () => {
    await inPage(
      session.browser,
      'switch',
      async (page) => {
        await page.goto(`${runtime.url}/flows/gestures`);
        await page.getByText('All changes saved').waitFor();
        await page.getByRole('button', { name: 'Add Switch' }).focus();
        await page.keyboard.press('Enter');
        const inspector = page.getByRole('complementary', { name: 'Inspector' });
        await expect.poll(() => inspector.getByRole('heading', { level: 2 }).textContent()).toBe('Switch');
        await inspector.getByRole('button', { name: /Add/ }).first().click();
        await inspector.getByRole('textbox', { name: /^Port/ }).fill('big');
        await page.getByLabel('Switch: output big', { exact: true }).waitFor();
        await page.getByRole('button', { name: 'Auto-layout' }).click();
        await page.getByRole('button', { name: 'Fit View', exact: true }).click();
        const from = (await page.getByLabel('Switch: output big', { exact: true }).boundingBox())!;
        const to = (await page.getByLabel('Check: input in', { exact: true }).boundingBox())!;
        await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
        await page.mouse.down();
        await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 8 });
        await page.mouse.up();
        await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(3);
        await page.keyboard.press('Control+s');
        await page.getByText('All changes saved').waitFor();
        const saved = await api<{ definition: { edges: { source: string; sourcePort: string; target: string }[] } }>(
          runtime.url,
          'GET',
          '/api/flows/gestures',
        );
        expect(saved.body.definition.edges).toContainEqual(
          expect.objectContaining({ source: 'switch', sourcePort: 'big', target: 'check' }),
        );
        await shot(page, '13-switch-ports');
      },
      { width: 1600, height: 1000 },
    );
  }, 120_000);
});
