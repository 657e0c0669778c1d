import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { api } from '../support/runtime-process.ts';
import { inPage, startSession, type Session } from './session.ts';

const SHOTS = '/tmp/operation-shots';

/** A small ERP document: one operation with a path parameter and a body, one answering a project. */
const document = {
  openapi: '3.1.0',
  info: { title: 'ERP', version: '1.0.0' },
  paths: {
    '/customers/{customerId}/projects': {
      post: {
        operationId: 'createProject',
        summary: 'Create project',
        parameters: [{ name: 'customerId', in: 'path', required: true, schema: { type: 'string' } }],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['code'],
                properties: { code: { type: 'string' }, budget: { type: 'number' } },
              },
            },
          },
        },
        responses: {
          '201': {
            description: 'Created',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: { projectId: { type: 'string' }, status: { type: 'string', enum: ['open', 'closed'] } },
                },
              },
            },
          },
        },
      },
    },
  },
};

const flow = {
  id: 'typed',
  name: 'Typed operations',
  schemaVersion: 1,
  nodes: [{ id: 'start', type: 'trigger.manual', name: 'Start', config: {}, ui: { position: { x: 0, y: 0 } } }],
  edges: [],
};

let session: Session;
const url = () => session.runtime.url;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  session = await startSession('operations');
  const conn = await api(url(), 'POST', '/api/connections', {
    id: 'erp',
    name: 'ERP',
    baseUrl: 'https://erp.example.com/api',
    auth: { type: 'none' },
  });
  expect(conn.status).toBe(201);
  const spec = await api(url(), 'PUT', '/api/connections/erp/openapi', document);
  expect(spec.status, JSON.stringify(spec.body)).toBeLessThan(300);
  expect((await api(url(), 'POST', '/api/flows', flow)).status).toBe(201);
}, 240_000);

afterAll(async () => {
  await session?.close();
});

const canvas = (page: Page) => page.getByRole('region', { name: 'Flow canvas' });
const nodeEl = (page: Page, id: string) => page.locator(`.react-flow__node[data-id="${id}"]`);

async function box(l: Locator) {
  const b = await l.boundingBox();
  if (!b) throw new Error(`${l} is not on the screen`);
  return b;
}

type Saved = { definition: { nodes: { id: string; type: string; name?: string; config: Record<string, unknown> }[] } };
const savedNode = async (id: string) =>
  (await api<Saved>(url(), 'GET', '/api/flows/typed')).body.definition.nodes.find((n) => n.id === id);

describe('typed API operations in the designer, in Chromium', () => {
  it('offers "ERP · Create project" in the palette, makes its form from the document and completes its answer’s fields', async () => {
    await inPage(session.browser, 'operations', async (page) => {
      await page.goto(`${url()}/flows/typed`);
      await page.getByText('All changes saved').waitFor();

      // The palette lists the connection's operation by name; dropped, it is an API operation step.
      const item = page.getByRole('button', { name: 'Add ERP · Create project' });
      await item.waitFor();
      // A filter only an operation matches lists it, and does not say that nothing matches.
      const find = page.getByRole('searchbox', { name: 'Find a node kind' });
      await find.fill('create project');
      await item.waitFor();
      expect(await page.getByText('No node kind matches').count()).toBe(0);
      await find.fill('');
      const c = await box(canvas(page));
      const start = await box(nodeEl(page, 'start'));
      await item.dragTo(canvas(page), { targetPosition: { x: start.x - c.x + 40, y: start.y - c.y + 160 } });
      await nodeEl(page, 'create_project').waitFor();
      await nodeEl(page, 'create_project').click();

      // Its form: the operation chosen, a field per parameter and per body field, required ones marked.
      const section = page.getByRole('region', { name: 'API operation' });
      await expect.poll(() => section.getByLabel('Operation').inputValue()).toBe('createProject');
      await expect
        .poll(() => section.locator('.operation-route').textContent())
        .toContain('POST /customers/{customerId}/projects');
      await section.getByText('customerId *').waitFor();
      await section.getByText('code *').waitFor();
      await section.getByText('budget', { exact: true }).waitFor();
      await page.screenshot({ path: `${SHOTS}/01-operation-form.png` });

      // A value typed into the path parameter's field is kept in the step's params.
      await section.getByRole('textbox', { name: /customerId/ }).fill('ACME-1');
      await page.keyboard.press('Control+s');
      await page.getByText('All changes saved').waitFor();
      expect(await savedNode('create_project')).toMatchObject({
        type: 'connector.http.operation',
        name: 'Create project',
        config: { connection: 'erp', operation: 'createProject', params: { customerId: 'ACME-1' } },
      });

      // A map step after it: its expression editor completes $steps.create_project with the answer's fields.
      await page.getByRole('button', { name: 'Add Map', exact: true }).dragTo(canvas(page), {
        targetPosition: { x: start.x - c.x + 40, y: start.y - c.y + 320 },
      });
      const map = page.locator('.react-flow__node').filter({ hasText: 'Map' }).last();
      await map.click();
      const editor = page.locator('.inspector-body .cm-content').first();
      await editor.click();
      await page.keyboard.press('Control+a');
      await page.keyboard.type('$steps.create_project.');
      const options = page.locator('.cm-tooltip-autocomplete li');
      await expect
        .poll(() => options.allTextContents(), { timeout: 10_000 })
        .toEqual(expect.arrayContaining([expect.stringContaining('projectId'), expect.stringContaining('status')]));
      await page.screenshot({ path: `${SHOTS}/02-completion.png` });
    });
  }, 180_000);
});
