import { z } from '@hono/zod-openapi';
import { PROBLEMS } from './problems.js';

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    code: z.enum(Object.keys(PROBLEMS) as [keyof typeof PROBLEMS, ...(keyof typeof PROBLEMS)[]]),
    requestId: z.string(),
    instance: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .openapi('Problem', { description: 'RFC 9457 problem details.' });

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: ProblemSchema } },
});

/** Error responses every route documents. */
export const problemResponses = {
  400: problem('Invalid parameters; `errors[]` names each field.'),
  429: problem('Rate limit exceeded; see `Retry-After`.'),
  500: problem('Unexpected error; quote `requestId` when reporting it.'),
};
export const notFoundResponse = { 404: problem('The named resource does not exist.') };

export const jsonContent = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

/** Responses of routes that need a credential. */
export const authResponses = {
  401: problem('No credential, or an API token that is unknown, revoked or expired.'),
  403: problem('The credential may not do this: missing scope, package outside its glob, or not an owner.'),
};

/** The security requirement of token-authenticated operations. */
export const bearerSecurity = [{ bearerAuth: [] as string[] }];
