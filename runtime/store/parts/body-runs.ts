/**
 * Not a loop's body run: one named "<run>.<loop>.<index>" after its parent (engine/loop-items.ts) belongs
 * to that run, which the history, the failed queue and the dashboard count and show with its loop's
 * progress, not as runs of their own. `t` is the runs table's alias with its dot, or ''.
 */
export const notBodyRun = (t = '') =>
  `(${t}parent_run_id IS NULL OR substr(${t}id, 1, length(${t}parent_run_id) + 1) <> ${t}parent_run_id || '.')`;
