import type { IndexDep } from '../formats/index-record.js';

/** A dependency as the engine sees it: `crate` is the real package, `local` the name features use. */
export type DepInput = {
  crate: string;
  local: string;
  req: string;
  kind: 'normal' | 'build' | 'dev';
  optional: boolean;
  defaultFeatures: boolean;
  features: string[];
  target: string | null;
};

/** One crate version's index facts, plus the registry's package metadata when known. */
export type CrateVersionInput = {
  name: string;
  num: string;
  yanked: boolean;
  deps: DepInput[];
  /** `features` and `features2` merged, as Cargo merges them. */
  features: Record<string, string[]>;
  links: string | null;
  rustVersion: string | null;
  /** What the published archive's library root says about std (`#![no_std]`, or its cfg_attr form), when the archive was read. */
  archiveNoStd?: { kind: 'always' | 'without-std-feature' | 'conditional' | 'no' | 'unknown'; feature?: string; attribute?: string; file?: string } | null;
};

/** Package-level metadata (from a db dump): categories and keywords are not in the index. */
export type PackageFacts = { categories: string[]; keywords: string[] };

type IndexShape = {
  vers?: string;
  num?: string;
  yanked: boolean;
  deps: IndexDep[];
  features: Record<string, string[]>;
  features2?: Record<string, string[]> | null;
  links?: string | null;
  rust_version?: string | null;
  rustVersion?: string | null;
};

/** From an index record (file line) or the stored columns of one. */
export function toCrateInput(name: string, r: IndexShape): CrateVersionInput {
  return {
    name,
    num: (r.vers ?? r.num)!,
    yanked: r.yanked,
    deps: r.deps.map((d) => ({
      crate: d.package ?? d.name,
      local: d.name,
      req: d.req,
      kind: d.kind ?? 'normal',
      optional: d.optional,
      defaultFeatures: d.default_features,
      features: d.features,
      target: d.target,
    })),
    features: { ...r.features, ...(r.features2 ?? {}) },
    links: r.links ?? null,
    rustVersion: r.rust_version ?? r.rustVersion ?? null,
  };
}
