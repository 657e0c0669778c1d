import pino from 'pino';
import type { NodeLogger } from '../nodes/define-node.ts';
import { secretMasker } from './security/secret-mask.ts';

export type Logger = NodeLogger & { child(bindings: Record<string, unknown>): Logger };

/** JSON lines on stderr; WEFT_LOG_LEVEL sets the level (default info, "silent" for none). */
export function createLogger(level = process.env.WEFT_LOG_LEVEL ?? 'info'): Logger {
  // Every line passes the secret masker on its way out: no connection secret reaches the log.
  return wrap(
    pino(
      { level, base: { service: 'weft' }, hooks: { streamWrite: (line) => secretMasker.mask(line) } },
      pino.destination({ dest: 2, sync: false }),
    ),
  );
}

function wrap(p: pino.Logger): Logger {
  const at = (lvl: 'debug' | 'info' | 'warn' | 'error') => (msg: string, data?: Record<string, unknown>) =>
    data ? p[lvl](data, msg) : p[lvl](msg);
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), child: (b) => wrap(p.child(b)) };
}

export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  child: () => silentLogger,
};
