import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

/**
 * The npm registry's URL comes from the environment (`NPM_REGISTRY_URL`) or npm's own
 * configuration, never from this code: Ferrite follows whatever registry the machine uses.
 */
export async function npmRegistryUrl(env: Record<string, string | undefined> = process.env): Promise<string | null> {
  const fromEnv = env.NPM_REGISTRY_URL ?? env.npm_config_registry;
  if (fromEnv) return withSlash(fromEnv);
  try {
    const { stdout } = await promisify(execFile)('npm', ['config', 'get', 'registry'], { timeout: 15_000 });
    const url = stdout.trim().split('\n').find((l) => /^https?:\/\//.test(l));
    return url ? withSlash(url) : null;
  } catch {
    return null;
  }
}

/** A packument's URL: scoped names keep their `@` and encode the `/`. */
export function packumentUrl(registry: string, name: string): string {
  return new URL(name.replace('/', '%2f'), withSlash(registry)).toString();
}

function withSlash(url: string) {
  return url.endsWith('/') ? url : `${url}/`;
}
