import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { api } from '../support/runtime-process.ts';
import { artifacts } from './browser.ts';
import { inPage, startSession, type Session } from './session.ts';

const HAND_WRITTEN = "( $e := timeEntry; { 'id': $e.id } )";
const ENTRY = {
  id: 'TE-5001',
  projectCode: 'PRJ-OPP-2001',
  consultant: 'Ana Torres',
  role: 'Consultant',
  date: '2026-12-03',
  hours: 7.5,
  billable: true,
  notes: 'Discovery workshops',
  status: 'approved',
};

const flow = {
  id: 'time-to-canonical',
  name: 'Time entry to canonical',
  schemaVersion: 1,
  nodes: [
    {
      id: 'hook',
      type: 'trigger.webhook',
      name: 'Time approved',
      config: { path: 'time' },
      ui: { position: { x: 0, y: 0 } },
    },
    {
      id: 'shape',
      type: 'map.jsonata',
      name: 'Hand-written',
      config: { expression: HAND_WRITTEN },
      ui: { position: { x: 0, y: 220 } },
    },
    {
      id: 'map',
      type: 'map.jsonata',
      name: 'To canonical',
      config: { expression: '{}' },
      ui: { position: { x: 300, y: 0 } },
    },
    {
      id: 'check',
      type: 'validate.schema',
      name: 'Check',
      config: { schema: { $ref: 'canonical:TimeEntry' } },
      ui: { position: { x: 600, y: 0 } },
    },
  ],
  edges: [
    { id: 'e1', source: 'hook', target: 'map' },
    { id: 'e2', source: 'map', target: 'check' },
    { id: 'e3', source: 'hook', target: 'shape' },
  ],
  samples: [{ name: '7.5 billable hours', payload: { event: 'time.approved', timeEntry: ENTRY } }],
};

/** Where the screens go (MAPPER_SHOTS, or the browser tests' artifacts folder). */
const shots = process.env.MAPPER_SHOTS ?? artifacts;
async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: join(shots, `mapper-${name}.png`) });
}

let session: Session;
const url = () => session.runtime.url;

beforeAll(async () => {
  session = await startSession('mapper');
  expect((await api(url(), 'POST', '/api/flows', flow)).status).toBe(201);
}, 240_000);
afterAll(() => session?.close());

async function selectNode(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name: 'Fit View', exact: true }).click();
  await page.locator(`.react-flow__node:has([aria-label^="${name} ("])`).click({ position: { x: 60, y: 14 } });
  await expect
    .poll(() => page.getByRole('complementary', { name: 'Inspector' }).getByRole('heading', { level: 2 }).textContent())
    .toBe(name);
}

async function map(page: Page, source: string, target: string): Promise<void> {
  const row = page.getByRole('group', { name: `Target field ${target}`, exact: true });
  await page.getByRole('button', { name: `Source field ${source}`, exact: true }).dragTo(row);
  await expect
    .poll(() => row.locator('.mapper-line').first().textContent(), { message: `${source} → ${target}` })
    .toBe(source);
}

const problems = (page: Page) => page.getByRole('list', { name: 'Problems' });

describe('the visual mapper in Chromium', () => {
  it('maps a time entry onto canonical:TimeEntry by dragging, previews it and test-runs it', async () => {
    await inPage(session.browser, 'mapper', async (page) => {
      await page.goto(`${url()}/flows/time-to-canonical`);

      // JSONata the mapper cannot show stays in the code editor, as written, with the reason.
      await selectNode(page, 'Hand-written');
      await page.getByRole('button', { name: 'Mapper', exact: true }).click();
      await page.getByRole('alert').getByText('steps with variables').waitFor();
      await expect.poll(() => page.getByRole('textbox', { name: 'Expression' }).textContent()).toBe(HAND_WRITTEN);
      await shot(page, '01-unsupported-stays-code');

      await selectNode(page, 'To canonical');
      await page.getByRole('button', { name: 'Mapper', exact: true }).click();
      const dialog = page.getByRole('dialog', { name: 'Mapper: To canonical' });
      await dialog.waitFor();
      await dialog.locator('#mapper-target').selectOption('TimeEntry');
      await dialog.getByRole('status').getByText('8 required fields not mapped').waitFor();
      await expect.poll(() => dialog.locator('.mapper-target-row.is-missing').count()).toBe(8);
      await shot(page, '02-target-chosen');

      for (const f of ['id', 'projectCode', 'consultant']) await map(page, `timeEntry.${f}`, f);
      await dialog.getByRole('button', { name: 'Done' }).click();
      // The static check sees the target schema in the node's config and names what is left.
      await page.getByRole('tab', { name: /Problems/ }).click();
      await problems(page).getByText('the required field "hours" of canonical:TimeEntry is not mapped').waitFor();
      await shot(page, '03-unmapped-in-problems');

      await page.getByRole('button', { name: 'Open mapper' }).click();
      for (const f of ['role', 'date', 'hours', 'billable', 'status']) await map(page, `timeEntry.${f}`, f);
      await map(page, 'timeEntry.notes', 'description');
      // A function per field: the description falls back to a text when the notes are missing.
      await dialog.getByRole('combobox', { name: 'Function for description' }).selectOption('default');
      await dialog.getByRole('textbox', { name: 'Default value for description' }).fill('no notes');
      await dialog.getByRole('status').getByText('Every required field is mapped').waitFor();
      const preview = dialog.getByRole('region', { name: 'Preview' });
      await expect.poll(() => preview.textContent(), { timeout: 10_000 }).toContain('TE-5001');
      await expect.poll(() => preview.textContent()).toContain('Discovery workshops');
      await expect
        .poll(() => dialog.getByRole('figure', { name: 'Generated JSONata' }).textContent())
        .toContain("'description': timeEntry.notes ?? 'no notes'");
      await shot(page, '04-mapped-preview');
      await dialog.getByRole('button', { name: 'Done' }).click();

      // Reopening the node shows the lines again.
      await selectNode(page, 'Check');
      await selectNode(page, 'To canonical');
      const lines = page.getByRole('list', { name: 'Mapping lines' });
      await lines.getByText("timeEntry.notes ?? 'no notes'").waitFor();
      expect(await lines.getByRole('listitem').count()).toBe(9);
      await shot(page, '05-lines-in-inspector');

      await page.keyboard.press('Control+s');
      await page.getByText('All changes saved').waitFor();
      await expect.poll(() => problems(page).getByText('is not mapped').count()).toBe(0);
      const saved = await api<{ definition: { nodes: { id: string; config: Record<string, unknown> }[] } }>(
        url(),
        'GET',
        '/api/flows/time-to-canonical',
      );
      const config = saved.body.definition.nodes.find((n) => n.id === 'map')!.config;
      expect(config.targetSchema).toEqual({ $ref: 'canonical:TimeEntry' });
      expect(saved.body.definition.nodes.find((n) => n.id === 'shape')!.config.expression).toBe(HAND_WRITTEN);

      // The test run: the mapping's output passes the canonical model's check.
      await page.getByRole('button', { name: 'Test run' }).click();
      await expect.poll(() => page.locator('.wnode.paint-succeeded').count(), { timeout: 15_000 }).toBe(4);
      await selectNode(page, 'To canonical');
      await page.getByRole('tab', { name: /Test result/ }).click();
      await expect.poll(() => page.getByRole('tree', { name: 'Output' }).textContent()).toContain('PRJ-OPP-2001');
      await shot(page, '06-test-run');
      await selectNode(page, 'Check');
      await page.getByRole('tabpanel', { name: 'Test result' }).getByText('left by valid').waitFor();
    });
  }, 180_000);
});
