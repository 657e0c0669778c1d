import { afterEach, describe, expect, it, vi } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { testWeft, deploy, finished } from '../support/weft.ts';
import { client } from '../support/api.ts';
import { flow, n } from '../support/flows.ts';
import { backupCommand } from '../../runtime/cli/backup.ts';
import { restoreCommand } from '../../runtime/cli/restore.ts';
import { auditCommand } from '../../runtime/cli/audit.ts';

let dir = '';
afterEach(() => {
  vi.restoreAllMocks();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Runs a command in-process and returns its exit code and everything it printed. */
async function cli(cmd: (args: string[]) => Promise<number>, args: string[]): Promise<{ code: number; out: string }> {
  const out: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...a) => void out.push(a.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...a) => void out.push(a.join(' ')));
  try {
    return { code: await cmd(args), out: out.join('\n') };
  } finally {
    vi.restoreAllMocks();
  }
}

/** A data folder with a flow, three finished runs, a connection with a secret and some audit entries. */
async function installation(dataDir: string): Promise<void> {
  const weft = await testWeft({ config: { dataDir } });
  try {
    const plan = await deploy(weft, flow('orders', { in: n.manual(), m: n.map("{ 'id': id }") }, ['in>m']));
    for (let i = 0; i < 3; i++)
      await finished(
        weft,
        (await weft.engine.startRun({ plan, triggerNodeId: 'in', event: { body: { id: i } } })).runId,
      );
    const res = await client(weft)('POST', '/api/connections', {
      id: 'erp',
      name: 'ERP',
      baseUrl: 'http://127.0.0.1:9',
      auth: { type: 'bearer', token: 'backup-token-1' },
    });
    expect(res.status).toBe(201);
  } finally {
    await weft.close(0);
  }
}

describe('weft backup and weft restore', () => {
  it('copies an installation, prints what it copied, and restores it into an empty folder with the same counts', async () => {
    dir = mkdtempSync(join(tmpdir(), 'weft-backup-'));
    const data = join(dir, 'data');
    await installation(data);

    const backup = await cli(backupCommand, ['--to', join(dir, 'weft.backup'), '--data', data]);
    expect(backup.code, backup.out).toBe(0);
    expect(backup.out).toMatch(/flows 1, versions 1, runs 3 \(steps 6\), connections 1, audit entries \d+/);
    expect(backup.out).toMatch(/audit chain verified; last hash [0-9a-f]{64}/);
    expect(backup.out).toContain(`Not in the backup: the key that encrypts connection secrets (key `);
    expect(backup.out).toContain(join(data, 'secret.key'));
    const printed = JSON.parse(
      (await cli(backupCommand, ['--to', join(dir, 'second.backup'), '--data', data, '--json'])).out,
    );
    expect(printed).toMatchObject({
      flows: 1,
      versions: 1,
      runs: 3,
      steps: 6,
      connections: 1,
      auditProblem: null,
      secretKeyIds: [expect.stringMatching(/^[0-9a-f]{8}$/)],
    });
    // The backup is noted in the live installation's audit log; the backup holds no key.
    const live = new Database(join(data, 'weft.db'), { readonly: true });
    expect(live.prepare(`SELECT COUNT(*) FROM audit_log WHERE action = 'backup.created'`).pluck().get()).toBe(2);
    live.close();
    expect(
      readFileSync(join(dir, 'second.backup')).includes(readFileSync(join(data, 'secret.key'), 'utf8').trim()),
    ).toBe(false);

    const target = join(dir, 'restored');
    const restore = await cli(restoreCommand, [
      '--from',
      join(dir, 'second.backup'),
      '--data',
      target,
      '--key',
      join(data, 'secret.key'),
      '--json',
    ]);
    expect(restore.code, restore.out).toBe(0);
    const restored = JSON.parse(restore.out);
    for (const k of ['flows', 'versions', 'runs', 'steps', 'connections', 'auditEntries', 'auditLastHash'] as const)
      expect(restored[k], k).toEqual(printed[k]);
    expect(statSync(join(target, 'secret.key')).mode & 0o777).toBe(0o600);
    expect((await cli(auditCommand, ['verify', '--data', target])).out).toContain(
      `audit log intact: ${printed.auditEntries} entries, last hash ${printed.auditLastHash}`,
    );

    // The restored installation opens its secrets with the key, and runs.
    const weft = await testWeft({ config: { dataDir: target } });
    try {
      expect((await weft.connections.resolve('erp')).headers.authorization).toBe('Bearer backup-token-1');
      const run = await weft.engine.startRun({
        plan: await weft.engine.planFor('orders', 1),
        triggerNodeId: 'in',
        event: { body: { id: 9 } },
      });
      expect((await finished(weft, run.runId)).status).toBe('succeeded');
      expect(weft.db.$client.prepare('SELECT COUNT(*) FROM runs').pluck().get()).toBe(4);
    } finally {
      await weft.close(0);
    }
  });

  it('refuses a folder that is not empty, and never touches it', async () => {
    dir = mkdtempSync(join(tmpdir(), 'weft-backup-'));
    const data = join(dir, 'data');
    await installation(data);
    expect((await cli(backupCommand, ['--to', join(dir, 'b.db'), '--data', data])).code).toBe(0);
    const before = readFileSync(join(data, 'weft.db'));
    const r = await cli(restoreCommand, ['--from', join(dir, 'b.db'), '--data', data]);
    expect(r.code).toBe(2);
    expect(r.out).toMatch(
      new RegExp(
        `restore refused: ${data} is not empty \\(it holds .*weft\\.db.*\\)\\. Restore only into a new or empty folder`,
      ),
    );
    expect(readFileSync(join(data, 'weft.db')).equals(before)).toBe(true);
    const other = join(dir, 'other');
    mkdirSync(other);
    writeFileSync(join(other, 'notes.txt'), 'keep me');
    expect((await cli(restoreCommand, ['--from', join(dir, 'b.db'), '--data', other])).out).toMatch(
      /is not empty \(it holds notes\.txt\)/,
    );
  });

  it('refuses a file that is not a Weft backup, saying why, and leaves no folder behind', async () => {
    dir = mkdtempSync(join(tmpdir(), 'weft-backup-'));
    writeFileSync(join(dir, 'text.db'), 'this is not a database\n'.repeat(10));
    const foreign = new Database(join(dir, 'foreign.db'));
    foreign.exec('CREATE TABLE invoices (id INTEGER PRIMARY KEY)');
    foreign.close();
    const cases: Array<[string, RegExp]> = [
      ['text.db', /text\.db is not a Weft backup: it is not a SQLite database file/],
      [
        'foreign.db',
        /foreign\.db is not a Weft backup: it is a SQLite database without Weft's tables \(missing: __drizzle_migrations, flows/,
      ],
      ['absent.db', /absent\.db does not exist/],
    ];
    for (const [file, message] of cases) {
      const target = join(dir, `into-${file}`);
      const r = await cli(restoreCommand, ['--from', join(dir, file), '--data', target]);
      expect(r.code, file).toBe(2);
      expect(r.out).toMatch(message);
      expect(existsSync(target), `${target} left behind`).toBe(false);
    }
  });

  it('refuses to write a backup over an existing file, and explains its options', async () => {
    dir = mkdtempSync(join(tmpdir(), 'weft-backup-'));
    const data = join(dir, 'data');
    await installation(data);
    writeFileSync(join(dir, 'taken.db'), 'older backup');
    const r = await cli(backupCommand, ['--to', join(dir, 'taken.db'), '--data', data]);
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/taken\.db already exists; choose a new file name/);
    expect(readFileSync(join(dir, 'taken.db'), 'utf8')).toBe('older backup');
    expect((await cli(backupCommand, ['--data', data])).out).toMatch(/^usage: weft backup --to <file>/);
    expect((await cli(restoreCommand, ['--help'])).out).toMatch(/never over an existing one/);
    expect((await cli(backupCommand, ['--to', join(dir, 'x.db'), '--data', join(dir, 'nothing')])).out).toMatch(
      /no Weft database at/,
    );
  });
});
