import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { RunningServer } from '../../runtime/server.ts';
import { api } from '../support/runtime-process.ts';
import { ADMIN_TOKEN } from '../support/auth.ts';
import { weftCliAsync } from '../support/cli.ts';
import { flow, n } from '../support/flows.ts';
import { servedWeft } from '../support/served-weft.ts';

// `weft export --dir` and `weft import --dir` against installations served over HTTP on loopback.
let test: RunningServer;
let prod: RunningServer;
let work: string;

const SECRET = 'crm-token-kept-secret-4711';
const weft = (args: string[]) => weftCliAsync(args, { WEFT_TOKEN: ADMIN_TOKEN, WEFT_URL: '' });
const dir = (name: string) => join(work, name);

/** Every file under `root`, by relative path. */
function tree(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(root, p)] = readFileSync(p, 'utf8');
    }
  };
  walk(root);
  return out;
}

/** The plan's lines that name a change or a warning (indented "+", "~", "-", "!"). */
const planned = (out: string) =>
  out
    .split('\n')
    .filter((l) => /^ {2}[+~\-!=]/.test(l) || /^ {6}[+~-]/.test(l))
    .map((l) => l.trim());

async function must(base: string, method: string, path: string, body?: unknown) {
  const res = await api(base, method, path, body);
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as Record<string, unknown>;
}

const invoices = () => ({
  ...flow(
    'invoices',
    { in: n.manual(), shape: n.map('{ "total": amount }'), send: n.http('/invoices', { connection: 'crm' }) },
    ['in>shape', 'shape>send'],
  ),
  name: 'Invoices',
});
const contacts = () => flow('contacts', { in: n.manual(), out: n.map('$') }, ['in>out']);

/** Each installation has its own connection "crm": a different base URL and secret. */
async function connection(base: string, url: string, token: string) {
  await must(base, 'POST', '/api/connections', {
    id: 'crm',
    name: 'CRM',
    baseUrl: url,
    auth: { type: 'bearer', token },
  });
}

/** Each test runs the weft command several times, a few seconds each on a busy machine. */
const CLI_TIMEOUT = 240_000;

beforeAll(async () => {
  [test, prod] = await Promise.all([servedWeft(), servedWeft()]);
  work = mkdtempSync(join(tmpdir(), 'weft-promotion-'));
  await connection(test.url, 'http://127.0.0.1:9/test-crm', SECRET);
  await connection(prod.url, 'http://127.0.0.1:9/prod-crm', 'another-secret-0815');
  // invoices: v1 published and active, then its draft edited; contacts: a draft never published.
  await must(test.url, 'POST', '/api/flows', invoices());
  const v1 = (await must(test.url, 'POST', '/api/flows/invoices/publish', {})).version;
  await must(test.url, 'POST', '/api/flows/invoices/activate', { version: v1 });
  const draft = (await must(test.url, 'GET', '/api/flows/invoices')) as { revision: number };
  await must(test.url, 'PUT', '/api/flows/invoices', {
    definition: { ...invoices(), name: 'Invoices (being edited)' },
    revision: draft.revision,
  });
  await must(test.url, 'POST', '/api/flows', contacts());
  await must(test.url, 'POST', '/api/lookup-tables', {
    name: 'crm_to_erp',
    entries: [
      { key: 'ACC-2', value: { region: 'GB', number: 'C-2' } },
      { key: 'ACC-1', value: 'C-1' },
    ],
  });
}, 60_000);

afterAll(async () => {
  await Promise.all([test?.close(100), prod?.close(100)]);
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('weft export --dir', () => {
  it(
    'writes one canonical file per flow, the lookup tables and the connection names, and nothing that is secret',
    async () => {
      const res = await weft(['export', '--dir', dir('a'), '--url', test.url]);
      expect(res.code, res.out + res.err).toBe(0);
      const files = tree(dir('a'));
      expect(Object.keys(files).filter((f) => f !== 'variables.json')).toEqual([
        'connections.json',
        'contacts.json',
        'invoices.json',
        'lookups/crm_to_erp.json',
      ]);
      // The active version, not the draft edited since; a fixed key order, two spaces, a trailing newline.
      const inv = files['invoices.json']!;
      expect(JSON.parse(inv).name).toBe('Invoices');
      expect(inv.startsWith('{\n  "id": "invoices",\n  "name": "Invoices",\n  "schemaVersion": 1,\n')).toBe(true);
      expect(inv.endsWith('}\n')).toBe(true);
      expect(JSON.parse(files['contacts.json']!).id).toBe('contacts');
      expect(JSON.parse(files['lookups/crm_to_erp.json']!)).toEqual({
        entries: [
          { key: 'ACC-1', value: 'C-1' },
          { key: 'ACC-2', value: { number: 'C-2', region: 'GB' } },
        ],
        name: 'crm_to_erp',
      });
      expect(JSON.parse(files['connections.json']!)).toEqual({
        connections: [{ id: 'crm', kind: 'http', name: 'CRM' }],
      });
      const all = Object.values(files).join('\n');
      expect(all).not.toContain(SECRET);
      expect(all).not.toContain('127.0.0.1');
      expect(all).not.toContain('test-crm');

      // Exporting again changes no byte.
      const again = await weft(['export', '--dir', dir('a'), '--url', test.url]);
      expect(again.code, again.out + again.err).toBe(0);
      expect(again.out).toContain('no file changed');
      expect(tree(dir('a'))).toEqual(files);
    },
    CLI_TIMEOUT,
  );

  it(
    'export → import into another installation → export gives byte-identical files',
    async () => {
      const imported = await weft(['import', '--dir', dir('a'), '--url', prod.url, '--publish', '--activate']);
      expect(imported.code, imported.out + imported.err).toBe(0);
      expect(planned(imported.out)).toEqual([
        '+ flow contacts "Test flow contacts": new, 2 nodes, 1 edge; then publish and activate',
        '+ flow invoices "Invoices": new, 3 nodes, 2 edges; then publish and activate',
        '+ lookup table crm_to_erp: new, 2 entries',
        '= 0 flows and 0 lookup tables as in the folder',
      ]);
      expect(imported.out).toContain('flow invoices: created, published v1, v1 active');
      expect((await must(prod.url, 'GET', '/api/flows/invoices')).activeVersion).toBe(1);

      const res = await weft(['export', '--dir', dir('b'), '--url', prod.url]);
      expect(res.code, res.out + res.err).toBe(0);
      expect(tree(dir('b'))).toEqual(tree(dir('a')));

      const again = await weft(['import', '--dir', dir('a'), '--url', prod.url, '--publish', '--activate']);
      expect(again.code, again.out + again.err).toBe(0);
      expect(again.out).toContain('Nothing to change.');
    },
    CLI_TIMEOUT,
  );

  it(
    'removes the files of flows that are gone, and leaves files it did not write alone',
    async () => {
      cpSync(dir('a'), dir('c'), { recursive: true });
      writeFileSync(join(dir('c'), 'notes.json'), '{"written": "by hand"}\n');
      const edited = join(dir('c'), 'handmade.json');
      writeFileSync(edited, JSON.stringify(flow('handmade', { in: n.manual() }, [])));
      await must(test.url, 'POST', '/api/flows', flow('short-lived', { in: n.manual() }, []));
      expect((await weft(['export', '--dir', dir('c'), '--url', test.url])).code).toBe(0);
      expect(Object.keys(tree(dir('c')))).toContain('short-lived.json');
      await must(test.url, 'DELETE', '/api/flows/short-lived');

      const res = await weft(['export', '--dir', dir('c'), '--url', test.url]);
      expect(res.code, res.out + res.err).toBe(0);
      expect(res.out).toContain('removed short-lived.json');
      const left = Object.keys(tree(dir('c')));
      expect(left).not.toContain('short-lived.json');
      expect(left).toEqual(expect.arrayContaining(['notes.json', 'handmade.json', 'invoices.json']));
    },
    CLI_TIMEOUT,
  );
});

describe('weft import --dir', () => {
  it(
    'lists exactly what changed: one field of one flow, a flow added, a flow removed',
    async () => {
      cpSync(dir('b'), dir('d'), { recursive: true });
      const file = join(dir('d'), 'invoices.json');
      const def = JSON.parse(readFileSync(file, 'utf8'));
      def.nodes.find((x: { id: string }) => x.id === 'shape').config.expression = '{ "total": amount * 2 }';
      writeFileSync(file, JSON.stringify(def, null, 2));
      writeFileSync(
        join(dir('d'), 'refunds.json'),
        JSON.stringify(flow('refunds', { in: n.manual(), out: n.map('$') }, ['in>out'])),
      );
      unlinkSync(join(dir('d'), 'contacts.json'));
      const before = tree(dir('b'));

      const dry = await weft(['import', '--dir', dir('d'), '--url', prod.url, '--dry-run']);
      expect(dry.code, dry.out + dry.err).toBe(0);
      expect(planned(dry.out)).toEqual([
        '~ flow invoices "Invoices": draft changes',
        '~ node shape config.expression: "{ \\"total\\": amount }" → "{ \\"total\\": amount * 2 }"',
        '+ flow refunds "Test flow refunds": new, 2 nodes, 1 edge',
        '- flow contacts "Test flow contacts": on the runtime, not in the folder; kept (--prune deletes it)',
        '= 0 flows and 1 lookup table as in the folder',
      ]);
      expect(dry.out).toContain('Dry run: nothing changed.');
      // The dry run changed nothing on the runtime.
      expect((await weft(['export', '--dir', dir('e'), '--url', prod.url])).code).toBe(0);
      expect(tree(dir('e'))).toEqual(before);

      const applied = await weft(['import', '--dir', dir('d'), '--url', prod.url, '--publish', '--prune']);
      expect(applied.code, applied.out + applied.err).toBe(0);
      expect(applied.out).toContain('flow invoices: draft saved (revision 2), published v2');
      expect(applied.out).toContain('flow refunds: created, published v1');
      expect(applied.out).toContain('flow contacts: deleted');
      // --publish without --activate: v1 still receives events.
      expect((await must(prod.url, 'GET', '/api/flows/invoices')).activeVersion).toBe(1);
      expect((await api(prod.url, 'GET', '/api/flows/contacts')).status).toBe(404);

      const activated = await weft(['import', '--dir', dir('d'), '--url', prod.url, '--activate']);
      expect(activated.code, activated.out + activated.err).toBe(0);
      expect(planned(activated.out)).toEqual([
        '= flow invoices "Invoices": draft as in the folder; then activate',
        '= flow refunds "Test flow refunds": draft as in the folder; then activate',
        '= 2 flows and 1 lookup table as in the folder',
      ]);
      expect((await must(prod.url, 'GET', '/api/flows/invoices')).activeVersion).toBe(2);
      expect((await must(prod.url, 'GET', '/api/flows/refunds')).activeVersion).toBe(1);
    },
    CLI_TIMEOUT,
  );

  it(
    'warns of connections the runtime lacks and reports a refused publish with the server message (exit 1)',
    async () => {
      const fresh = await servedWeft();
      try {
        const bad = flow('broken', { in: n.manual(), out: n.map('$.(') }, ['in>out']);
        cpSync(dir('b'), dir('f'), { recursive: true });
        writeFileSync(join(dir('f'), 'broken.json'), JSON.stringify(bad));
        const res = await weft(['import', '--dir', dir('f'), '--url', fresh.url, '--publish']);
        expect(res.code, res.out + res.err).toBe(1);
        expect(res.out).toContain(
          '! connection "crm" (used by invoices) does not exist on the runtime; an admin adds it under Connections',
        );
        expect(res.err).toContain('flow broken: created, publish refused: HTTP 422');
        expect(res.err).toContain('out: ');
        // The other flows went through.
        expect((await must(fresh.url, 'GET', '/api/flows/invoices/versions')).versions).toHaveLength(1);
      } finally {
        await fresh.close(100);
      }
    },
    CLI_TIMEOUT,
  );

  it(
    'refuses a folder with a bad file before changing anything (exit 1), and bad usage (exit 2)',
    async () => {
      cpSync(dir('b'), dir('g'), { recursive: true });
      writeFileSync(join(dir('g'), 'misnamed.json'), JSON.stringify(flow('other-id', { in: n.manual() }, [])));
      const res = await weft(['import', '--dir', dir('g'), '--url', prod.url]);
      expect(res.code).toBe(1);
      expect(res.err).toContain('misnamed.json: holds flow "other-id"; name the file other-id.json');
      expect((await api(prod.url, 'GET', '/api/flows/other-id')).status).toBe(404);

      expect((await weft(['import', '--dir'])).code).toBe(2);
      expect((await weft(['import', '--dir', dir('g'), 'x.json'])).code).toBe(2);
      expect((await weft(['export', '--url', prod.url])).code).toBe(2);
    },
    CLI_TIMEOUT,
  );
});

describe('variables in the folder', () => {
  it(
    'exports their names and descriptions, never their values; import warns of names the runtime lacks',
    async () => {
      const [from, to] = await Promise.all([servedWeft(), servedWeft()]);
      try {
        const put = await api(from.url, 'PUT', '/api/variables/ERP_COMPANY', {
          value: 'ACME-VALUE-4711',
          description: 'Company code in the ERP',
        });
        const res = await weft(['export', '--dir', dir('v'), '--url', from.url]);
        expect(res.code, res.out + res.err).toBe(0);
        const files = tree(dir('v'));
        if (put.status === 404) {
          // A runtime without the variables API: the folder has no variables file, and export says why.
          expect(files).not.toHaveProperty(['variables.json']);
          expect(res.out).toContain('variables.json not written');
          return;
        }
        expect(put.status).toBe(201);
        expect(files['variables.json']).toBe(
          '{\n  "variables": [\n    {\n      "description": "Company code in the ERP",\n      "name": "ERP_COMPANY"\n    }\n  ]\n}\n',
        );
        expect(Object.values(files).join('\n')).not.toContain('ACME-VALUE-4711');
        const imported = await weft(['import', '--dir', dir('v'), '--url', to.url, '--dry-run']);
        expect(imported.code, imported.out + imported.err).toBe(0);
        expect(planned(imported.out)).toEqual([
          '! variable "ERP_COMPANY" does not exist on the runtime',
          '= 0 flows and 0 lookup tables as in the folder',
        ]);
      } finally {
        await Promise.all([from.close(100), to.close(100)]);
      }
    },
    CLI_TIMEOUT,
  );
});
