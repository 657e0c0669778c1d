import type { VersionInfo } from '../api/types.ts';

/** One side of a comparison: a published version number or the draft. */
export type Side = number | 'draft';

export const sideLabel = (s: Side) => (s === 'draft' ? 'Draft' : `v${s}`);

/** Previous → latest version; latest → draft when only one version exists. Versions are newest first. */
export function defaultSides(versions: VersionInfo[]): { from: Side; to: Side } | null {
  if (versions.length === 0) return null;
  if (versions.length === 1) return { from: versions[0].version, to: 'draft' };
  return { from: versions[1].version, to: versions[0].version };
}

export function parseSide(raw: string | null, versions: VersionInfo[]): Side | null {
  if (raw === 'draft') return 'draft';
  if (raw === null || !/^\d+$/.test(raw)) return null;
  const n = Number(raw);
  return versions.some((v) => v.version === n) ? n : null;
}

/** The sides named in the address, each falling back to its default when missing or unknown. */
export function resolveSides(params: URLSearchParams, versions: VersionInfo[]): { from: Side; to: Side } | null {
  const fallback = defaultSides(versions);
  if (!fallback) return null;
  return {
    from: parseSide(params.get('from'), versions) ?? fallback.from,
    to: parseSide(params.get('to'), versions) ?? fallback.to,
  };
}
