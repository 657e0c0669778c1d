/** "Roll back to v2" when v2 is older than the active version, else "Activate v2". */
export function activateLabel(version: number, active: number | null): string {
  return active !== null && version < active ? `Roll back to v${version}` : `Activate v${version}`;
}

/** The first 12 hex digits of a content hash, without its "sha256:" prefix. */
export const shortHash = (hash: string) => hash.replace(/^[a-z0-9]+:/, '').slice(0, 12);
