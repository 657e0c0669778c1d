import type { HttpClient } from '../../nodes/define-node.ts';
import { connectionLabel, statusClass, type StatusClass } from './labels.ts';

/** Where a metered client reports each call. */
export type CallSink = (connection: string, statusClass: StatusClass) => void;

/**
 * The HTTP client with each request counted once it ends: by the stored connection it went through
 * (or its host:port) and the class of the answer, `error` when there was none (network error, timeout,
 * refused by the egress guard). Placed under the circuit breakers, so it counts what was sent.
 */
export function meteredHttp(inner: HttpClient, sink: CallSink): HttpClient {
  return {
    async request(req) {
      let status: number | null = null;
      try {
        const res = await inner.request(req);
        status = res.status;
        return res;
      } finally {
        sink(connectionLabel(req), statusClass(status));
      }
    },
  };
}
