import { describe, expect, it } from 'vitest';
import { describeErrorBody, parseBody, statusError } from './http-response.ts';

const res = (status: number, body: unknown, headers: Record<string, string> = {}) => ({
  status,
  headers,
  body: typeof body === 'string' ? body : JSON.stringify(body),
});

describe('errors of non-2xx answers keep what the downstream said', () => {
  it('names the message and the field errors of common error shapes', () => {
    expect(
      describeErrorBody(
        JSON.stringify({
          error: {
            code: 'validation_failed',
            message: 'customer is invalid',
            fields: [{ field: 'taxRegion', message: 'unknown tax region "XX"' }],
          },
        }),
      ),
    ).toBe('customer is invalid (taxRegion: unknown tax region "XX")');
    expect(describeErrorBody(JSON.stringify({ title: 'Bad Request', detail: 'amount must be positive' }))).toBe(
      'amount must be positive',
    );
    expect(
      describeErrorBody(
        JSON.stringify({ message: 'nope', errors: [{ path: '/a', message: 'required' }, { detail: 'odd' }] }),
      ),
    ).toBe('nope (/a: required; odd)');
    expect(describeErrorBody(JSON.stringify({ error: 'account locked' }))).toBe('account locked');
  });

  it('says nothing for bodies that are not JSON objects or carry no message', () => {
    expect(describeErrorBody('<html>oops</html>')).toBeUndefined();
    expect(describeErrorBody('42')).toBeUndefined();
    expect(describeErrorBody(JSON.stringify({ ok: false }))).toBeUndefined();
    expect(describeErrorBody(JSON.stringify({ message: 'x'.repeat(2000) }))!.length).toBe(500);
  });

  it('puts it into the step error, retryable for 5xx and 429 only', () => {
    const e422 = statusError(
      res(422, {
        error: { message: 'customer is invalid', fields: [{ field: 'taxRegion', message: 'unknown' }] },
      }) as never,
      'POST http://erp/customers',
    );
    expect(e422.message).toBe('POST http://erp/customers answered 422: customer is invalid (taxRegion: unknown)');
    expect(e422.retryable).toBe(false);
    const e503 = statusError(res(503, 'down') as never, 'GET http://erp/x');
    expect(e503.message).toBe('GET http://erp/x answered 503');
    expect(e503.retryable).toBe(true);
  });
});

describe('numbers beyond what JSON keeps exactly', () => {
  it('arrive as strings of their exact digits; everything else is untouched', () => {
    const body =
      '{"id": 12345678901234567890, "amount": 1234567890.123456789, "small": 42, "rate": 0.1, "note": "12345678901234567890", "list": [-98765432109876543210, 1e400]}';
    expect(parseBody({ status: 200, headers: {}, body })).toEqual({
      id: '12345678901234567890',
      amount: '1234567890.123456789',
      small: 42,
      rate: 0.1,
      note: '12345678901234567890',
      list: ['-98765432109876543210', '1e400'],
    });
    expect(parseBody({ status: 200, headers: {}, body: '{"a":[1,2,3],"b":9007199254740991}' })).toEqual({
      a: [1, 2, 3],
      b: 9007199254740991,
    });
  });
});

describe('an answer that declares JSON', () => {
  const answer = (type: string, body: string) => ({ status: 200, headers: { 'Content-Type': type }, body });

  it("fails as invalid_response with the parser's reason when it is not JSON", () => {
    for (const type of ['application/json', 'application/problem+json; charset=utf-8', 'text/json']) {
      expect(() => parseBody(answer(type, '{"id": 1,'), 'GET http://erp/x')).toThrow(
        expect.objectContaining({
          code: 'invalid_response',
          retryable: true,
          message: expect.stringMatching(/^GET http:\/\/erp\/x answered .* that is not valid JSON: /),
        }),
      );
    }
  });

  it('is read as text when it declares something else, and empty as null', () => {
    expect(parseBody(answer('text/plain', '{"id": 1,'))).toBe('{"id": 1,');
    expect(parseBody(answer('application/jsonl', '{"a":1}\n{"a":2}'))).toBe('{"a":1}\n{"a":2}');
    expect(parseBody(answer('application/json', ''))).toBeNull();
  });
});
