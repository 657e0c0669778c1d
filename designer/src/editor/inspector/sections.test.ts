import { describe, expect, it } from 'vitest';
import { countSet, splitFields } from './sections.ts';

describe('inspector sections', () => {
  it('keep the common path of an HTTP request on top and fold the rest', () => {
    const http = [
      'method',
      'connection',
      'url',
      'headers',
      'pathParams',
      'query',
      'body',
      'timeoutMs',
      'idempotencyKey',
      'fullResponse',
      'sign',
      'compensate',
      'onError',
      'stepTimeoutMs',
    ];
    const { main, sections } = splitFields(http);
    expect(main).toEqual(['method', 'connection', 'url', 'pathParams', 'body']);
    expect(sections.map((s) => s.present)).toEqual([
      ['headers', 'query', 'fullResponse', 'timeoutMs', 'sign'],
      ['onError', 'stepTimeoutMs', 'idempotencyKey', 'compensate'],
    ]);
  });

  it('count the settings made inside a closed section', () => {
    expect(
      countSet({ idempotencyKey: '="k"', headers: {}, onError: undefined, timeoutMs: 5000 }, [
        'idempotencyKey',
        'headers',
        'onError',
        'timeoutMs',
      ]),
    ).toBe(2);
  });
});
