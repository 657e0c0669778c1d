import { describe, expect, it } from 'vitest';
import { firstSentence } from './palette.tsx';

describe('palette descriptions', () => {
  it('show the first sentence whole', () => {
    expect(firstSentence('Calls an HTTP API. 2xx outputs the (JSON-parsed) body; 429 and 5xx are retried.')).toBe(
      'Calls an HTTP API.',
    );
    expect(firstSentence('Routes the input, unchanged, to "true" or "false" by a condition.')).toBe(
      'Routes the input, unchanged, to "true" or "false" by a condition.',
    );
    expect(firstSentence('Waits until e.g. 9:30 passes')).toBe('Waits until e.g. 9:30 passes');
    expect(firstSentence('Consumes a queue. $trigger.body is the message.')).toBe('Consumes a queue.');
  });
});
