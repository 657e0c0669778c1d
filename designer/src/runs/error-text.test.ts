import { describe, expect, it } from 'vitest';
import { splitError } from './error-text.ts';

describe('error messages for reading', () => {
  it('put what the downstream said first and the call after it', () => {
    expect(
      splitError(
        'POST http://127.0.0.1:4100/erp/api/customers answered 422: customer is invalid (taxRegion: unknown tax region "XX")',
      ),
    ).toEqual({
      reason: 'customer is invalid (taxRegion: unknown tax region "XX")',
      call: 'POST /erp/api/customers → 422',
    });
  });

  it('say the status when the downstream said nothing, and leave other messages alone', () => {
    expect(splitError('GET https://erp.example.com/api/x?id=1 answered 500')).toEqual({
      reason: 'answered 500',
      call: 'GET /api/x?id=1 → 500',
    });
    expect(splitError('milestone M9 is not in the billing schedule')).toEqual({
      reason: 'milestone M9 is not in the billing schedule',
      call: null,
    });
  });
});
