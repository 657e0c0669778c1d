/**
 * A connector's error message as the reader needs it: what the downstream said first, the call second.
 * "POST http://erp/api/customers answered 422: customer is invalid" → reason "customer is invalid",
 * call "POST /api/customers → 422". Other messages are their own reason.
 */
export function splitError(message: string): { reason: string; call: string | null } {
  const m = /^([A-Z]+) (\S+) answered (\d{3})(?:: ([\s\S]*))?$/.exec(message.trim());
  if (!m) return { reason: message, call: null };
  const [, method, url, status, said] = m;
  let path = url;
  try {
    const u = new URL(url);
    path = u.pathname + u.search;
  } catch {
    /* not absolute: keep as sent */
  }
  return { reason: said?.trim() || `answered ${status}`, call: `${method} ${path} → ${status}` };
}
