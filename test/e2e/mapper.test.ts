import { mkdirSync, readFileSync } from 'node:fs';
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

const batchFlow = {
  id: 'batch-lines',
  name: 'Batch lines',
  schemaVersion: 1,
  nodes: [
    { id: 'hook', type: 'trigger.webhook', name: 'Batch', config: { path: 'batch' }, ui: { position: { x: 0, y: 0 } } },
    {
      id: 'lines',
      type: 'map.jsonata',
      name: 'Lines',
      config: { expression: '{}' },
      ui: { position: { x: 300, y: 0 } },
    },
  ],
  edges: [{ id: 'e1', source: 'hook', target: 'lines' }],
  samples: [
    {
      name: 'Two entries',
      payload: {
        batch: 'B-7',
        entries: [
          { id: 'TE-1', hours: 2, rate: '95.5' },
          { id: 'TE-2', hours: 1.25, rate: '120' },
        ],
      },
    },
  ],
};

beforeAll(async () => {
  session = await startSession('mapper');
  expect((await api(url(), 'POST', '/api/flows', flow)).status).toBe(201);
  expect((await api(url(), 'POST', '/api/flows', batchFlow)).status).toBe(201);
  const example = JSON.parse(readFileSync(new URL('../../flows/time-approved.json', import.meta.url), 'utf8'));
  expect((await api(url(), 'POST', '/api/flows', example)).status).toBe(201);
}, 240_000);
afterAll(() => session?.close());

async function selectNode(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name: 'Fit View', exact: true }).click();
  await page.locator(`.react-flow__node:has([aria-label^="${name} ("])`).click({ position: { x: 60, y: 14 } });
  await expect
    .poll(() => page.getByRole('complementary', { name: 'Inspector' }).getByRole('heading', { level: 2 }).textContent())
    .toBe(name);
}

/** Drags a source field onto a target field and waits for the target's line (the source path unless told). */
async function map(page: Page, source: string, target: string, line = source): Promise<void> {
  const row = page.getByRole('group', { name: `Target field ${target}`, exact: true });
  await page.getByRole('button', { name: `Source field ${source}`, exact: true }).dragTo(row);
  await expect
    .poll(() => row.locator('.mapper-line').first().textContent(), { message: `${source} → ${target}` })
    .toBe(line);
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
      for (const f of ['role', 'date', 'hours', 'billable']) await map(page, `timeEntry.${f}`, f);
      // Without dragging: pick the source field, then map it from the target's button.
      await dialog.getByRole('button', { name: 'Source field timeEntry.status', exact: true }).press('Enter');
      await shot(page, '04-picked-source');
      await dialog.getByRole('button', { name: 'Map timeEntry.status to status', exact: true }).click();
      await expect
        .poll(() =>
          dialog.getByRole('group', { name: 'Target field status', exact: true }).locator('.mapper-line').textContent(),
        )
        .toBe('timeEntry.status');
      await expect.poll(() => dialog.getByRole('button', { name: /^Map .* to / }).count()).toBe(0);
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
      await shot(page, '05-mapped-preview');
      await dialog.getByRole('button', { name: 'Done' }).click();

      // Reopening the node shows the lines again.
      await selectNode(page, 'Check');
      await selectNode(page, 'To canonical');
      const lines = page.getByRole('list', { name: 'Mapping lines' });
      await lines.getByText("timeEntry.notes ?? 'no notes'").waitFor();
      expect(await lines.getByRole('listitem').count()).toBe(9);
      await shot(page, '06-lines-in-inspector');

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
      await shot(page, '07-test-run');
      await selectNode(page, 'Check');
      await page.getByRole('tabpanel', { name: 'Test result' }).getByText('left by valid').waitFor();
    });
  }, 180_000);

  it('maps a list onto a list item by item against fields inferred from an example, with a sum and rounded money', async () => {
    await inPage(session.browser, 'mapper-lists', async (page) => {
      await page.goto(`${url()}/flows/batch-lines`);
      await selectNode(page, 'Lines');
      await page.getByRole('button', { name: 'Mapper', exact: true }).click();
      const dialog = page.getByRole('dialog', { name: 'Mapper: Lines' });
      await dialog.getByRole('button', { name: 'From an example or a schema…' }).click();
      await dialog
        .getByRole('textbox', { name: 'Example of the target as JSON' })
        .fill(JSON.stringify({ batchId: 'B-1', total: 1.5, lines: [{ ref: 'TE-0', amount: '10.00' }] }));
      await dialog.getByRole('button', { name: 'Use its fields' }).click();
      await dialog.getByRole('group', { name: 'Target field lines.ref', exact: true }).waitFor();

      await map(page, 'batch', 'batchId');
      await map(page, 'entries.hours', 'total');
      await dialog.getByRole('combobox', { name: 'Function for total' }).selectOption('sum');
      // An item's field before its list: the mapper says which list to map first and changes nothing.
      await page
        .getByRole('button', { name: 'Source field entries.id', exact: true })
        .dragTo(dialog.getByRole('group', { name: 'Target field lines.ref', exact: true }));
      await dialog.getByRole('alert').getByText('Map a source list onto “lines” first').waitFor();
      expect(
        await dialog
          .getByRole('group', { name: 'Target field lines.ref', exact: true })
          .locator('.mapper-line')
          .count(),
      ).toBe(0);
      await map(page, 'entries', 'lines', 'each item of entries');
      // Inside the list, a field of the item is read from the item.
      await map(page, 'entries.id', 'lines.ref', 'id');
      await map(page, 'entries.rate', 'lines.amount', 'rate');
      await dialog.getByRole('combobox', { name: 'Function for lines.amount' }).selectOption('roundMoney');

      const code = dialog.getByRole('figure', { name: 'Generated JSONata' });
      await expect.poll(() => code.textContent()).toContain("'total': $sum(entries.hours)");
      await expect.poll(() => code.textContent()).toContain("'lines': [entries.{");
      await expect
        .poll(() => code.textContent())
        .toContain("'amount': $formatNumber($round($number(rate), 2), '0.00')");
      const preview = dialog.getByRole('region', { name: 'Preview' });
      await expect.poll(() => preview.textContent(), { timeout: 10_000 }).toContain('"95.50"');
      await expect.poll(() => preview.textContent()).toContain('3.25');
      await expect.poll(() => preview.textContent()).toContain('"120.00"');
      await shot(page, '08-list-to-list');
      await dialog.getByRole('button', { name: 'Done' }).click();

      // Saved and opened again in a fresh page: the same lines.
      await page.keyboard.press('Control+s');
      await page.getByText('All changes saved').waitFor();
      await page.reload();
      await selectNode(page, 'Lines');
      const lines = page.getByRole('list', { name: 'Mapping lines' });
      await lines.getByText('each item of entries').waitFor();
      expect(await lines.getByRole('listitem').allTextContents()).toEqual([
        'batchId ← batch',
        'total ← $sum(entries.hours)',
        'lines ← each item of entries',
        'lines.ref ← id',
        "lines.amount ← $formatNumber($round($number(rate), 2), '0.00')",
      ]);
      await shot(page, '09-list-lines-after-reload');

      // A JSON Schema of its own (a connector's request schema) as the target: its required fields count.
      await page.getByRole('button', { name: 'Open mapper' }).click();
      await dialog.getByRole('button', { name: 'From an example or a schema…' }).click();
      await dialog.getByRole('checkbox', { name: 'The JSON below is a JSON Schema, not an example' }).check();
      await dialog.getByRole('textbox', { name: 'JSON Schema of the target' }).fill(
        JSON.stringify({
          type: 'object',
          required: ['batchId', 'currency'],
          properties: { batchId: { type: 'string' }, currency: { type: 'string' } },
        }),
      );
      await dialog.getByRole('button', { name: 'Use this schema' }).click();
      await dialog.getByRole('status').getByText('1 required field not mapped').waitFor();
      expect(await dialog.locator('.mapper-target-row.is-missing').allTextContents()).toEqual([
        expect.stringContaining('currency'),
      ]);
      // The lines the schema does not name are still shown, marked as such.
      await dialog
        .getByRole('group', { name: 'Target field total', exact: true })
        .getByText('not in the schema')
        .waitFor();
      await shot(page, '10-own-schema');
    });
  }, 120_000);

  it("opens the time-approved example's canonical mapping as lines against canonical:TimeEntry", async () => {
    await inPage(session.browser, 'mapper-example', async (page) => {
      await page.goto(`${url()}/flows/time-approved`);
      await selectNode(page, 'To canonical time entry');
      const lines = page.getByRole('list', { name: 'Mapping lines' });
      await lines.getByText('description ← notes').waitFor();
      expect(await lines.getByRole('listitem').count()).toBe(9);
      await page.getByRole('button', { name: 'Open mapper' }).click();
      const dialog = page.getByRole('dialog', { name: 'Mapper: To canonical time entry' });
      await dialog.getByRole('status').getByText('Every required field is mapped').waitFor();
      // The fields are read from the time entry: its own fields are marked in the source tree.
      await expect
        .poll(() =>
          dialog.getByRole('button', { name: 'Source field timeEntry.notes', exact: true }).getAttribute('class'),
        )
        .toContain('is-mapped');
      await expect.poll(() => dialog.getByRole('region', { name: 'Preview' }).textContent()).toContain('TE-5001');
      await shot(page, '11-example-flow');
      // Looking changes nothing: the expression is still the file's, byte for byte.
      await dialog.getByRole('button', { name: 'Done' }).click();
      await expect.poll(() => page.getByText('All changes saved').count()).toBe(1);
    });
  }, 120_000);
});
