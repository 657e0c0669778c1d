/**
 * A short label for a run id. Ids are `run_` + 12 hex digits of milliseconds
 * + 6 of a per-millisecond sequence + a process part; the low 8 digits of the
 * time (plus the sequence when not 0) tell runs apart at a glance. A loop's body run keeps its
 * loop and item: "7a3c5e10.post.3".
 */
export function shortRunId(id: string): string {
  // The body run of a loop: "<run>.<loop>.<index>".
  const dot = id.indexOf('.');
  if (dot > 0) return `${shortRunId(id.slice(0, dot))}${id.slice(dot)}`;
  const m = /^[a-z]+_([0-9a-f]{12})([0-9a-f]{6})[0-9a-f]+$/.exec(id);
  if (!m) return id.length > 12 ? id.slice(-8) : id;
  const seq = parseInt(m[2], 16);
  return m[1].slice(4) + (seq ? `.${seq}` : '');
}

/**
 * What tells one run from another in a sentence: its business key (else its correlation id) when it has
 * one, when it started, and the short id, e.g. "OPP-1001 · 3 Dec 2026, 14:05:03 · 7a3c5e10".
 */
export function runLabel(
  r: { id: string; createdAt: number; businessKey?: string | null; correlationId?: string | null },
  time: (ms: number) => string,
): string {
  return [r.businessKey || r.correlationId, time(r.createdAt), shortRunId(r.id)].filter(Boolean).join(' · ');
}
