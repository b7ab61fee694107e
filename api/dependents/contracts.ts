import { z } from '@hono/zod-openapi';

export const DEPENDENTS_MAX_PER_PAGE = 100;
/** Deep pages of a list this size are never read; the cap keeps offsets cheap. */
const MAX_PAGE = 10_000;

export const DependentsQuery = z.object({
  kind: z.enum(['direct', 'all']).default('direct').openapi({
    description: '`direct`: crates that list this one themselves. `all`: every crate that reaches it through a chain of dependencies.',
  }),
  page: z.coerce.number().int().min(1).max(MAX_PAGE).default(1).openapi({ description: `Page number, from 1 (at most ${MAX_PAGE}).` }),
  perPage: z.coerce.number().int().min(1).max(DEPENDENTS_MAX_PER_PAGE).default(20)
    .openapi({ description: `Items per page (1–${DEPENDENTS_MAX_PER_PAGE}, default 20).` }),
});
export type DependentsQuery = z.infer<typeof DependentsQuery>;

export const Dependent = z
  .object({
    name: z.string(),
    version: z.string().nullable().openapi({ description: 'The dependent\'s default version, whose dependencies are counted.' }),
    description: z.string().nullable(),
    dependents: z.number().int().openapi({ description: 'How many crates use the dependent directly: the order of the list.' }),
    direct: z.boolean().openapi({ description: 'Whether it lists the crate itself (always true for `kind=direct`).' }),
    req: z.string().nullable().openapi({ description: 'The version requirement it states, when direct.' }),
    kinds: z.array(z.enum(['normal', 'build'])).openapi({ description: 'The dependency kinds it uses the crate as, when direct.' }),
    optional: z.boolean().nullable().openapi({ description: 'True when only behind a feature, when direct.' }),
  })
  .openapi('Dependent');

export const DependentsPage = z
  .object({
    crate: z.string(),
    kind: z.enum(['direct', 'all']),
    rule: z.string().openapi({ description: 'Which dependencies are counted, in a sentence.' }),
    counts: z.object({ direct: z.number().int(), all: z.number().int() }).nullable()
      .openapi({ description: 'The materialised counts; null until the first computation after indexing.' }),
    computedAt: z.string().nullable().openapi({ description: 'When the counts were last computed (RFC 3339).' }),
    total: z.number().int(),
    page: z.number().int(),
    perPage: z.number().int(),
    items: z.array(Dependent),
  })
  .openapi('DependentsPage');
export type DependentsPage = z.infer<typeof DependentsPage>;
