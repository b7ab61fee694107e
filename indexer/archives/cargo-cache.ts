import fs from 'node:fs';
import path from 'node:path';
import { cargoRegistryDirs } from '../../api/archives/upstream.js';

/** An archive file in cargo's download cache, with the crate and version its name gives. */
export type CachedArchive = { file: string; name: string; version: string };

// Crate names hold no dots, so the first `-<digits>.<digits>.<digits>` starts the version.
const CACHED_NAME = /^([A-Za-z][A-Za-z0-9_-]*?)-(\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.+-]*)?)\.crate$/;

/** `.crate` files in `$CARGO_HOME/registry/cache/*` (every registry cargo has downloaded from); no network. */
export function* cargoCacheArchives(cargoHome: string, unrecognised: (file: string) => void): Iterable<CachedArchive> {
  for (const dir of cargoRegistryDirs(cargoHome, 'cache')) {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isFile() || !entry.name.endsWith('.crate')) continue;
      const m = CACHED_NAME.exec(entry.name);
      if (!m) unrecognised(path.join(dir, entry.name));
      else yield { file: path.join(dir, entry.name), name: m[1]!, version: m[2]! };
    }
  }
}
