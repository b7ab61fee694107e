import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, describeDatabase, parseConfig } from '../../api/config.js';

describe('configuration from the environment', () => {
  it('defaults to the embedded database in ./.ferrite/db and Postgres search', () => {
    const c = parseConfig({});
    expect(c.database).toEqual({ kind: 'pglite', dataDir: path.resolve('.ferrite', 'db') });
    expect(c.search).toEqual({ kind: 'postgres' });
    expect(c.port).toBe(3000);
  });

  it('switches to a server with DATABASE_URL and to Meilisearch with MEILI_HOST', () => {
    const c = parseConfig({ DATABASE_URL: 'postgres://u:pw@db:5432/ferrite', MEILI_HOST: 'http://127.0.0.1:7700', MEILI_API_KEY: 'k' });
    expect(c.database).toEqual({ kind: 'postgres', url: 'postgres://u:pw@db:5432/ferrite' });
    expect(c.search).toEqual({ kind: 'meilisearch', host: 'http://127.0.0.1:7700', apiKey: 'k' });
  });

  it('treats empty variables as unset', () => {
    expect(parseConfig({ DATABASE_URL: '', MEILI_HOST: '' }).database.kind).toBe('pglite');
  });

  it('names every invalid variable in one error', () => {
    expect(() => parseConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' })).toThrow(ConfigError);
    try {
      parseConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' });
    } catch (e) {
      expect((e as Error).message).toMatch(/PORT/);
      expect((e as Error).message).toMatch(/DATABASE_URL/);
      expect((e as Error).message).toMatch(/LOG_LEVEL/);
    }
  });

  it('never prints the database password', () => {
    expect(describeDatabase({ kind: 'postgres', url: 'postgres://u:hunter2@db:5432/f' })).not.toContain('hunter2');
  });
});
