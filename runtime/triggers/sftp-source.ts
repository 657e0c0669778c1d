import { openSftp, type SftpSession } from '../../nodes/sftp/client.ts';
import { posix } from 'node:path';
import { listFolder, moveFile } from '../../nodes/sftp/operations.ts';
import { type SftpFileEvent, sftpTriggerConfig } from '../../nodes/sftp/trigger.node.ts';
import { type ActiveTrigger, type EventSource, type SourceContext, startTriggerRun } from './event-source.ts';

/** Keys of files whose run is known to be stored, so a file left in place is not offered again every poll. */
const SEEN_LIMIT = 10_000;

/** The dedupe key of one version of a file: the same path, size and modification time start one run. */
export const sftpDedupeKey = (nodeId: string, f: { path: string; size: number; mtime: number }) =>
  `sftp:${nodeId}:${f.path}:${f.size}:${f.mtime}`;

/**
 * Lists the folder once and starts a run for every matching file older than the minimum age, each once
 * (the store deduplicates on path + size + mtime, so a restart or another process starts no second run).
 * With then "move", a file is moved into the archive folder once its run is stored, also when an earlier
 * process stored the run and stopped before moving it.
 */
export async function pollFolder(
  t: ActiveTrigger,
  ctx: SourceContext,
  session: SftpSession,
  seen: Set<string>,
  stopped: () => boolean,
): Promise<number> {
  const c = sftpTriggerConfig.parse(t.config);
  const files = await listFolder(session, c.folder, c.pattern, { files: true });
  const now = ctx.clock.now();
  let started = 0;
  for (const f of files) {
    if (stopped()) break;
    if (now - f.mtime < c.minAgeMs) continue;
    const key = sftpDedupeKey(t.nodeId, f);
    if (seen.has(key)) continue;
    const body: SftpFileEvent = {
      path: f.path,
      name: f.name,
      folder: c.folder,
      size: f.size,
      mtime: f.mtime,
      modifiedAt: f.modifiedAt,
    };
    if (c.then === 'move') body.archivedPath = session.relative(session.path(posix.join(c.archiveFolder, f.name)));
    const { duplicate } = await startTriggerRun(ctx, t, { body }, key);
    if (!duplicate) started++;
    if (c.then === 'move') await moveFile(session, f.path, c.archiveFolder);
    if (seen.size >= SEEN_LIMIT) seen.delete(seen.values().next().value as string);
    seen.add(key);
  }
  return started;
}

/** Polls each active SFTP trigger's folder on its interval over one kept session, reconnecting after errors. */
export const sftpSource: EventSource = {
  kind: 'sftp',
  start(t, ctx) {
    const c = sftpTriggerConfig.parse(t.config);
    const seen = new Set<string>();
    let stopped = false;
    let session: SftpSession | null = null;
    let timer: unknown = null;
    let current: Promise<void> = Promise.resolve();
    const where = { flowId: t.flowId, nodeId: t.nodeId, folder: c.folder };
    const poll = async () => {
      try {
        session ??= await openSftp(await ctx.credentials(c.connection));
        if (!stopped) await pollFolder(t, ctx, session, seen, () => stopped);
      } catch (err) {
        ctx.logger.warn('SFTP folder could not be polled', { ...where, error: (err as Error).message });
        const s = session as SftpSession | null;
        session = null;
        await s?.end();
      } finally {
        if (!stopped) timer = ctx.clock.setTimer(tick, c.pollIntervalMs);
      }
    };
    const tick = () => {
      current = poll();
      return current;
    };
    tick();
    return {
      async stop() {
        stopped = true;
        if (timer !== null) ctx.clock.clearTimer(timer);
        await current;
        await session?.end();
        session = null;
      },
    };
  },
};
