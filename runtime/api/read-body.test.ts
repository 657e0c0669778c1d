import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readStream } from './read-body.ts';

describe('a body without Content-Length past the limit', () => {
  it('is refused with 413 while the rest is read and dropped, so the sender gets the answer instead of a reset', async () => {
    const body = new PassThrough();
    const read = readStream(body, 1000, Number.NaN);
    body.write(Buffer.alloc(600));
    body.write(Buffer.alloc(600));
    await expect(read).rejects.toMatchObject({ code: 'payload_too_large' });
    // The request (and with it the connection) is still open and takes what the sender still writes.
    expect(body.destroyed).toBe(false);
    body.write(Buffer.alloc(500));
    await new Promise((r) => setImmediate(r));
    expect(body.destroyed).toBe(false);
    expect(body.readableLength).toBe(0);
  });

  it('is cut once the sender goes on past another limit’s worth', async () => {
    const body = new PassThrough();
    const read = readStream(body, 1000, Number.NaN);
    body.write(Buffer.alloc(1200));
    await expect(read).rejects.toMatchObject({ code: 'payload_too_large' });
    body.write(Buffer.alloc(1500));
    await new Promise((r) => setImmediate(r));
    expect(body.destroyed).toBe(true);
  });
});
