import fs from 'node:fs';
import path from 'node:path';
import semver from 'semver';

/**
 * The reverse-dependency rule computed straight from index files, independently of Ferrite's
 * code: every line read with JSON.parse, the default version picked with the `semver` package
 * (highest non-yanked release, else highest non-yanked pre-release), its normal and build
 * dependencies (renames followed through `package`, other registries and the crate itself left
 * out) kept when they name a crate in the same files.
 */
export function dependentsFromIndexFiles(roots: string[]) {
  const deps = new Map<string, Set<string>>();
  const names = new Map<string, string>();
  const key = (n: string) => n.toLowerCase().replace(/-/g, '_');
  for (const root of roots) {
    for (const file of walk(root)) {
      const records = fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
      const live = records.filter((r) => !r.yanked);
      const releases = live.filter((r) => semver.prerelease(r.vers) === null);
      const pick = (rs: typeof records) => rs.sort((a, b) => semver.rcompare(a.vers, b.vers))[0];
      const chosen = pick(releases) ?? pick(live);
      const k = key(records[0].name);
      names.set(k, records[0].name);
      deps.set(k, new Set(
        (chosen?.deps ?? [])
          .filter((d: any) => (d.kind ?? 'normal') !== 'dev' && !d.registry)
          .map((d: any) => key(d.package ?? d.name)),
      ));
    }
  }
  const direct = new Map<string, Set<string>>([...names.keys()].map((k) => [k, new Set()]));
  for (const [dependent, ds] of deps) for (const d of ds) if (d !== dependent && direct.has(d)) direct.get(d)!.add(dependent);
  const transitive = new Map<string, number>();
  for (const k of names.keys()) {
    const seen = new Set<string>();
    const stack = [...direct.get(k)!];
    while (stack.length) {
      const x = stack.pop()!;
      if (x === k || seen.has(x)) continue;
      seen.add(x);
      stack.push(...direct.get(x)!);
    }
    transitive.set(k, seen.size);
  }
  return { names, direct, transitive };
}

function* walk(dir: string): Generator<string> {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yield* walk(p);
    else if (e.isFile() && !e.name.startsWith('.') && e.name !== 'config.json') yield p;
  }
}
