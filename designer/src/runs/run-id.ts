/**
 * A short label for a run id. Ids are `run_` + 12 hex digits of milliseconds
 * + 6 of a per-millisecond sequence + a process part; the low 8 digits of the
 * time (plus the sequence when not 0) tell runs apart at a glance.
 */
export function shortRunId(id: string): string {
  const m = /^[a-z]+_([0-9a-f]{12})([0-9a-f]{6})[0-9a-f]+$/.exec(id);
  if (!m) return id.length > 12 ? id.slice(-8) : id;
  const seq = parseInt(m[2], 16);
  return m[1].slice(4) + (seq ? `.${seq}` : '');
}
