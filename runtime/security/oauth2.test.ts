import { describe, it, expect } from 'vitest';
import { AccessTokens } from './oauth2.ts';

/** A token endpoint that answers when told to; counts its requests. */
function endpoint() {
  const answers: ((token: string) => void)[] = [];
  let calls = 0;
  const request = () => {
    calls++;
    return new Promise<{ accessToken: string; expiresInMs: number }>((resolve) =>
      answers.push((t) => resolve({ accessToken: t, expiresInMs: 60_000 })),
    );
  };
  return { request, answer: (t: string) => answers.shift()!(t), calls: () => calls };
}

describe('OAuth2 access tokens per connection', () => {
  it('share one token request among callers and cache the token until 30 s before it expires', async () => {
    let now = 0;
    const tokens = new AccessTokens(() => now);
    const e = endpoint();
    const both = Promise.all([tokens.get('c', e.request), tokens.get('c', e.request)]);
    e.answer('t1');
    expect(await both).toEqual(['t1', 't1']);
    now = 29_999;
    expect(await tokens.get('c', e.request)).toBe('t1');
    now = 30_000;
    const again = tokens.get('c', e.request);
    e.answer('t2');
    expect(await again).toBe('t2');
    expect(e.calls()).toBe(2);
  });

  it('replace a refused token once, however many callers saw it refused', async () => {
    const tokens = new AccessTokens(() => 0);
    const e = endpoint();
    const first = tokens.get('c', e.request);
    e.answer('old');
    await first;
    const a = tokens.replace('c', 'old', e.request);
    const b = tokens.replace('c', 'old', e.request);
    e.answer('new');
    expect([await a, await b]).toEqual(['new', 'new']);
    expect(await tokens.replace('c', 'old', e.request)).toBe('new');
    expect(e.calls()).toBe(2);
  });

  it('do not cache a token requested before the connection changed, and let an aborted caller stop waiting alone', async () => {
    const tokens = new AccessTokens(() => 0);
    const e = endpoint();
    const abort = new AbortController();
    const leaving = tokens.get('c', e.request, abort.signal);
    const staying = tokens.get('c', e.request);
    abort.abort();
    await expect(leaving).rejects.toMatchObject({ code: 'aborted' });
    tokens.delete('c');
    e.answer('before-change');
    expect(await staying).toBe('before-change');
    const fresh = tokens.get('c', e.request);
    e.answer('after-change');
    expect(await fresh).toBe('after-change');
  });
});
