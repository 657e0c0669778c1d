import { describe, expect, it } from 'vitest';
import {
  checkedText,
  literal,
  MAX_INLINE_CHARS,
  refusedCheck,
  toPostgresPlaceholders,
  withValues,
} from './sql-text.ts';

describe('PostgreSQL statement texts', () => {
  it('numbers the placeholders outside quotes', () => {
    expect(toPostgresPlaceholders(`SELECT ? AS "a?", '?' AS b, ? FROM t WHERE c = ?`)).toBe(
      `SELECT $1 AS "a?", '?' AS b, $2 FROM t WHERE c = $3`,
    );
  });

  it('writes values in as quoted literals, doubling quotes and escaping backslashes', () => {
    expect(withValues('INSERT INTO t (a, b, c, d, e) VALUES (?, ?, ?, ?, ?)', ["it's", 'a\\b', 7, false, null])).toBe(
      `INSERT INTO t (a, b, c, d, e) VALUES ('it''s', E'a\\\\b', '7', 'false', NULL)`,
    );
    expect(literal(Buffer.from([0, 0xab]))).toBe(`E'\\\\x00ab'`);
  });

  it('leaves to parameters what cannot be written in: a NUL character, an unknown kind, a count that does not match, a long text', () => {
    expect(withValues('SELECT ?', ['a\0b'])).toBeNull();
    expect(withValues('SELECT ?', [Symbol('s')])).toBeNull();
    expect(withValues('SELECT ?, ?', ['a'])).toBeNull();
    expect(withValues('SELECT ?', ['x'.repeat(MAX_INLINE_CHARS)])).toBeNull();
    expect(withValues(`SELECT '?'`, [])).toBe(`SELECT '?'`);
  });

  it('makes a SELECT or a write without RETURNING check its own rows, naming the check in the failure', () => {
    expect(checkedText('SELECT 1 FROM t WHERE k = ? FOR SHARE', 1)).toEqual({
      text: "SELECT CASE WHEN count(*) = 1 THEN 0 ELSE CAST('weft-check ' || ? || ' ' || count(*) AS integer) END FROM (SELECT 1 FROM t WHERE k = ? FOR SHARE) AS checked",
      idFirst: true,
    });
    expect(checkedText('UPDATE t SET n = ? WHERE k = ?', 1)?.idFirst).toBe(false);
    expect(checkedText('UPDATE t SET n = 1 RETURNING k', 1)).toBeNull();
    expect(checkedText('WITH x AS (SELECT 1) SELECT * FROM x', 1)).toBeNull();
    expect(refusedCheck({ code: '22P02', message: 'invalid input syntax for type integer: "weft-check 3 0"' })).toEqual(
      {
        id: 3,
        rows: 0,
      },
    );
    expect(refusedCheck({ code: '22P02', message: 'invalid input syntax for type integer: "abc"' })).toBeNull();
    expect(refusedCheck({ code: '23505', message: 'weft-check 3 0' })).toBeNull();
  });
});
