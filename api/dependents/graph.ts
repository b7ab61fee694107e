/**
 * Reverse-dependency counts over a crate graph, with no database: `edges` are (crate, dependent)
 * pairs between node indexes 0..n-1. The direct count is a crate's in-degree; the transitive count
 * is how many crates reach it through any chain of dependents (itself never included, cycles
 * allowed). One breadth-first walk per crate over a compact adjacency array, with a visit stamp
 * instead of a fresh set per walk, keeps it linear in the size of each closure.
 */
export function countDependents(n: number, edges: { crate: number; dependent: number }[]): { direct: Int32Array; transitive: Int32Array } {
  const direct = new Int32Array(n);
  for (const e of edges) direct[e.crate]!++;
  // Compressed sparse rows: dependents of crate i are adj[start[i] .. start[i+1]).
  const start = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) start[i + 1] = start[i]! + direct[i]!;
  const fill = start.slice(0, n);
  const adj = new Int32Array(edges.length);
  for (const e of edges) adj[fill[e.crate]!++] = e.dependent;

  const transitive = new Int32Array(n);
  const stamp = new Int32Array(n).fill(-1);
  const queue = new Int32Array(n);
  for (let root = 0; root < n; root++) {
    if (direct[root] === 0) continue;
    let head = 0;
    let tail = 0;
    stamp[root] = root;
    queue[tail++] = root;
    while (head < tail) {
      const at = queue[head++]!;
      for (let k = start[at]!; k < start[at + 1]!; k++) {
        const d = adj[k]!;
        if (stamp[d] !== root) {
          stamp[d] = root;
          queue[tail++] = d;
        }
      }
    }
    transitive[root] = tail - 1;
  }
  return { direct, transitive };
}
