import { describe, expect, it } from 'vitest';
import { literal, MAX_INLINE_CHARS, toPostgresPlaceholders, withValues } from './sql-text.ts';

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
});
