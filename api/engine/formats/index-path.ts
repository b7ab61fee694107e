/**
 * Where a crate's file lives in the index (Cargo Book, "Index files"): `1/a`, `2/ab`, `3/a/abc`,
 * else `ab/cd/abcd…`, all lower-case.
 */
export function indexPath(name: string): string {
  const n = name.toLowerCase();
  if (n.length === 1) return `1/${n}`;
  if (n.length === 2) return `2/${n}`;
  if (n.length === 3) return `3/${n[0]}/${n}`;
  return `${n.slice(0, 2)}/${n.slice(2, 4)}/${n}`;
}

/** The crate name a path in the index layout names, or null when the path is not an index file. */
export function crateNameFromPath(relPath: string): string | null {
  const parts = relPath.replace(/\\/g, '/').replace(/^\.\//, '').split('/');
  const name = parts.at(-1);
  if (!name || !/^[a-z0-9_-]+$/.test(name)) return null;
  return indexPath(name) === parts.join('/') ? name : null;
}
