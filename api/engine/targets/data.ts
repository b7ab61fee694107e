import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export type TargetInfo = {
  triple: string;
  /** '1', '2', '3', or null when the platform-support page does not list it. */
  tier: string | null;
  hostTools: boolean | null;
  std: 'yes' | 'partial' | 'no' | 'unknown';
  notes: string | null;
  /** cfg name → values, as `rustc --print cfg --target <triple>` prints them; bare names map to []. */
  cfg: Record<string, string[]>;
};

export type TargetsFile = { rustc: string; targets: TargetInfo[] };

const FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'targets.json');

/** The committed target data (see generate.ts). Read on demand, not at import time. */
export function loadTargets(): TargetsFile {
  return JSON.parse(fs.readFileSync(FILE, 'utf8')) as TargetsFile;
}
