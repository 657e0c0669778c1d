import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/**
 * Whether `sent` is the scrape token, compared in constant time: both are hashed first, so neither
 * the token's length nor where a guess first differs shows in the time taken.
 */
export function isScrapeToken(sent: string, token: string): boolean {
  return timingSafeEqual(digest(sent), digest(token));
}
