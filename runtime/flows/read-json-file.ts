import { readFileSync } from 'node:fs';

/** Reads a JSON file; a syntax error names the file, line and column. */
export function readJsonFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`${file}: cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    const m = /position (\d+)/.exec((err as Error).message);
    if (m) {
      const pos = Number(m[1]);
      const before = text.slice(0, pos).split('\n');
      throw new Error(
        `${file}:${before.length}:${before[before.length - 1].length + 1}: not valid JSON: ${(err as Error).message}`,
      );
    }
    throw new Error(`${file}: not valid JSON: ${(err as Error).message}`);
  }
}
