/**
 * Which way imports point (CONVENTIONS.md, "Which way imports point"): down only.
 *   bin → web, indexer → api/<domain> → api/db, api/lib → api/engine (the pure ground floor).
 * Checked in `npm test` by tests/architecture/imports.test.ts.
 */
module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', comment: 'An import loop hides which module a rule lives in.', from: {}, to: { circular: true } },
    { name: 'api-not-up', severity: 'error', comment: 'api/ is below web/, indexer/ and bin/.', from: { path: '^api/' }, to: { path: '^(web|indexer|bin)/' } },
    { name: 'web-not-indexer', severity: 'error', comment: 'web/ and indexer/ sit side by side and never import each other.', from: { path: '^web/' }, to: { path: '^(indexer|bin)/' } },
    { name: 'indexer-not-web', severity: 'error', from: { path: '^indexer/' }, to: { path: '^(web|bin)/' } },
    { name: 'web-no-database', severity: 'error', comment: 'Pages call domain services; queries live in api/.', from: { path: '^web/' }, to: { path: '^(api/db/|node_modules/drizzle-orm)' } },
    {
      name: 'engine-is-pure',
      severity: 'error',
      comment: 'The engine imports nothing from the database, HTTP or pages, so `ferrite analyze` runs anywhere.',
      from: { path: '^api/engine/' },
      to: { path: '^(api/(?!engine/)|web/|indexer/|bin/|node_modules/(drizzle-orm|postgres|@electric-sql|hono|@hono))' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^(node_modules|tests)/' },
  },
};
