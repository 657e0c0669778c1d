import type { Store } from '../store/ports.ts';
import type { ConnectionSpecRow } from '../store/connection-store.ts';
import type { HttpClient } from '../../nodes/define-node.ts';
import type { ConnectionSpec, Operation, Paging } from '../../shared/openapi/operation.ts';
import { WeftError, ErrorCodes } from '../../shared/errors.ts';
import type { Actor, AuditLog } from './audit.ts';
import { readOpenApi, MAX_DOCUMENT_CHARS } from './openapi-document.ts';
import { impactOn, type ImpactedStep } from './spec-impact.ts';

export interface SpecInfo {
  connectionId: string;
  version: number;
  hash: string;
  source: string;
  operations: number;
  updatedAt: number;
  updatedBy: string | null;
}

const notFound = (id: string) => new WeftError(ErrorCodes.notFound, `connection "${id}" has no OpenAPI document`);
const infoOf = (r: ConnectionSpecRow): SpecInfo => ({
  connectionId: r.connectionId,
  version: r.version,
  hash: r.hash!,
  source: r.source ?? 'upload',
  operations: (r.operations as Operation[]).length,
  updatedAt: r.updatedAt,
  updatedBy: r.updatedBy,
});

/**
 * The OpenAPI documents of connections: stored after validation with their resolved operations and a
 * spec version (content hash and a number that goes up with every replacement); every change audited.
 */
export class ConnectionSpecs {
  constructor(
    private readonly store: Pick<Store, 'write' | 'connections' | 'flows'>,
    private readonly http: () => HttpClient,
    private readonly audit: AuditLog,
    private readonly now: () => number = Date.now,
    private readonly changed: (id: string) => void = () => {},
  ) {}

  /** The current document as steps use it; undefined when the connection has none. */
  async current(id: string): Promise<ConnectionSpec | undefined> {
    const r = await this.store.connections.spec(id);
    if (!r || r.document === null) return undefined;
    return {
      connectionId: id,
      version: r.version,
      hash: r.hash!,
      operations: r.operations as Operation[],
      paging: (r.paging as Paging | null) ?? null,
    };
  }

  async document(id: string): Promise<{ info: SpecInfo; document: unknown }> {
    await this.connection(id);
    const r = await this.store.connections.spec(id);
    if (!r || r.document === null) throw notFound(id);
    return { info: infoOf(r), document: r.document };
  }

  async operations(id: string): Promise<{ version: number; hash: string; operations: Operation[] }> {
    await this.connection(id);
    const spec = await this.current(id);
    if (!spec) throw notFound(id);
    return { version: spec.version, hash: spec.hash, operations: spec.operations };
  }

  /** The operations of every connection that carries a document, by connection (the designer's palette). */
  async allOperations(): Promise<{ connectionId: string; version: number; hash: string; operations: Operation[] }[]> {
    const out = [];
    for (const row of await this.store.connections.list()) {
      const spec = await this.current(row.id);
      if (spec) out.push({ connectionId: row.id, version: spec.version, hash: spec.hash, operations: spec.operations });
    }
    return out;
  }

  /**
   * Stores `text` (JSON or YAML) as the connection's document, or with `dryRun` only says which steps
   * of drafts and published versions it would change or break.
   */
  async put(
    id: string,
    text: string | Record<string, unknown>,
    o: { actor?: Actor | null; dryRun?: boolean; source?: string } = {},
  ): Promise<{ spec?: SpecInfo; impact: ImpactedStep[]; dryRun: boolean }> {
    await this.connection(id);
    const read = await readOpenApi(text);
    const before = (await this.current(id))?.operations ?? [];
    const impact = await this.impact(id, before, read.operations);
    if (o.dryRun) return { impact, dryRun: true };
    const spec = await this.store.write(async (tx) => {
      const prev = await tx.connections.spec(id);
      const row: ConnectionSpecRow = {
        connectionId: id,
        version: (prev?.version ?? 0) + (prev?.hash === read.hash && prev.document !== null ? 0 : 1),
        hash: read.hash,
        document: read.document,
        operations: read.operations,
        source: o.source ?? 'upload',
        paging: prev?.paging ?? null,
        updatedAt: this.now(),
        updatedBy: o.actor?.name ?? null,
      };
      await tx.connections.putSpec(row);
      const info = infoOf(row);
      await this.audit.record(
        { actor: o.actor ?? null, action: 'connection.openapi_updated', target: id, after: info },
        tx,
      );
      return info;
    });
    this.changed(id);
    return { spec, impact, dryRun: false };
  }

  /** Reads the document from `url` (a path or URL below the connection's base URL) through the guarded client. */
  async fetch(id: string, url: string, o: { actor?: Actor | null; dryRun?: boolean } = {}) {
    const conn = await this.connection(id);
    const base = new URL(conn.baseUrl);
    let target: URL;
    try {
      target = url.startsWith('/') ? new URL(conn.baseUrl.replace(/\/+$/, '') + url) : new URL(url);
    } catch {
      throw new WeftError(ErrorCodes.badRequest, `url: "${url}" is neither a path nor a URL`);
    }
    const basePath = base.pathname.endsWith('/') ? base.pathname : `${base.pathname}/`;
    if (
      target.origin !== base.origin ||
      !(`${target.pathname}/`.startsWith(basePath) || target.pathname === base.pathname)
    )
      throw new WeftError(
        ErrorCodes.badRequest,
        `url: ${target.href} is not below the connection's base URL ${conn.baseUrl}`,
      );
    const res = await this.http().request({
      method: 'GET',
      url: target.href,
      headers: { accept: 'application/json, application/yaml;q=0.9, */*;q=0.5' },
      timeoutMs: 30_000,
      guard: { key: `connection:${id}` },
      allowPrivate: conn.allowPrivate,
    });
    if (res.status < 200 || res.status > 299)
      throw new WeftError(ErrorCodes.badRequest, `url: GET ${target.href} answered ${res.status}`, {
        details: { status: res.status },
      });
    if (res.body.length > MAX_DOCUMENT_CHARS)
      throw new WeftError(ErrorCodes.badRequest, `url: the document at ${target.href} is too large`);
    return this.put(id, res.body, { ...o, source: target.href });
  }

  async remove(id: string, actor: Actor | null = null): Promise<void> {
    await this.connection(id);
    await this.store.write(async (tx) => {
      const prev = await tx.connections.spec(id);
      if (!prev || prev.document === null) throw notFound(id);
      await tx.connections.putSpec({
        ...prev,
        hash: null,
        document: null,
        operations: null,
        source: null,
        updatedAt: this.now(),
        updatedBy: actor?.name ?? null,
      });
      await this.audit.record({ actor, action: 'connection.openapi_removed', target: id, before: infoOf(prev) }, tx);
    });
    this.changed(id);
  }

  /** Sets (or with null clears) the paging every operation step of the connection uses unless it sets its own. */
  async setPaging(id: string, paging: Paging | null, actor: Actor | null = null): Promise<void> {
    await this.connection(id);
    await this.store.write(async (tx) => {
      const prev = await tx.connections.spec(id);
      if (!prev || prev.document === null) throw notFound(id);
      await tx.connections.putSpec({ ...prev, paging, updatedAt: this.now(), updatedBy: actor?.name ?? null });
      await this.audit.record(
        { actor, action: 'connection.paging_updated', target: id, before: prev.paging, after: paging },
        tx,
      );
    });
    this.changed(id);
  }

  private async impact(id: string, before: Operation[], after: Operation[]): Promise<ImpactedStep[]> {
    const out: ImpactedStep[] = [];
    for (const f of await this.store.flows.list(0)) {
      const draft = await this.store.flows.get(f.id);
      if (draft) out.push(...impactOn(draft.definition, { flowId: f.id, version: 'draft' }, id, before, after));
      for (const v of await this.store.flows.versions(f.id)) {
        const def = await this.store.flows.version(f.id, v.version);
        if (def) out.push(...impactOn(def, { flowId: f.id, version: v.version }, id, before, after));
      }
    }
    return out;
  }

  private async connection(id: string) {
    const row = await this.store.connections.get(id);
    if (!row) throw new WeftError(ErrorCodes.notFound, `connection "${id}" does not exist`);
    return row;
  }
}
