import { describe, it, expect, afterEach } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadKey, newKey } from './secret-box.ts';

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function recorder() {
  const lines: string[] = [];
  return { lines, warn: (msg: string) => void lines.push(msg) };
}

describe('loadKey', () => {
  it('creates secret.key beside the database on first start and warns, naming the file and asking for a separate backup', () => {
    dir = mkdtempSync(join(tmpdir(), 'weft-key-'));
    const log = recorder();
    const key = loadKey(dir, null, log);
    const file = join(dir, 'secret.key');
    expect(readFileSync(file, 'utf8')).toBe(`${key.toString('base64')}\n`);
    expect(log.lines).toHaveLength(1);
    expect(log.lines[0]).toContain(file);
    expect(log.lines[0]).toMatch(/back this file up separately from the database/i);

    const again = recorder();
    expect(loadKey(dir, null, again).equals(key)).toBe(true);
    expect(again.lines).toEqual([]);
  });

  it('uses WEFT_SECRET_KEY without a file or a warning', () => {
    dir = mkdtempSync(join(tmpdir(), 'weft-key-'));
    const log = recorder();
    const key = newKey();
    expect(loadKey(dir, key.toString('base64'), log).equals(key)).toBe(true);
    expect(existsSync(join(dir, 'secret.key'))).toBe(false);
    expect(log.lines).toEqual([]);
  });
});
