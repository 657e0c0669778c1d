/** What a secret is replaced with wherever it would be stored or logged. */
export const MASK = '[secret]';

/**
 * Every secret value the process knows (connection secrets, the tokens they yield) and the forms they
 * travel in (JSON-escaped, Basic credentials in base64). `mask` replaces each occurrence before text is
 * stored or logged; with no secrets known it returns its input untouched.
 */
export class SecretMasker {
  private readonly values = new Set<string>();
  private pattern: RegExp | null = null;

  add(...secrets: string[]): void {
    let changed = false;
    for (const s of secrets) {
      if (s.length < 4) continue;
      for (const form of [s, JSON.stringify(s).slice(1, -1)])
        if (!this.values.has(form)) {
          this.values.add(form);
          changed = true;
        }
    }
    if (changed) this.rebuild();
  }

  get size(): number {
    return this.values.size;
  }

  mask(text: string): string;
  mask(text: string | null): string | null;
  mask(text: string | null): string | null {
    if (text === null || this.pattern === null) return text;
    this.pattern.lastIndex = 0;
    return this.pattern.test(text) ? text.replace(this.pattern, MASK) : text;
  }

  /** `mask` over UTF-8 bytes (a body kept as received): searched as bytes, decoded only when a secret is in it. */
  maskBytes(bytes: Buffer | null): Buffer | null {
    if (bytes === null || this.pattern === null) return bytes;
    for (const v of this.values)
      if (bytes.includes(v, 0, 'utf8')) return Buffer.from(this.mask(bytes.toString('utf8')), 'utf8');
    return bytes;
  }

  private rebuild(): void {
    const alternatives = [...this.values]
      .sort((a, b) => b.length - a.length)
      .map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    this.pattern = new RegExp(alternatives.join('|'), 'g');
  }
}

/** One masker per process: the logger and every store write use it. */
export const secretMasker = new SecretMasker();
