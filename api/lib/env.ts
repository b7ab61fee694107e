import type { Context } from 'hono';
import type { Logger } from 'pino';
import type { Problem } from './problems.js';
import type { Principal } from '../accounts/principal-type.js';

/** Per-request variables set by the app's middleware. */
export type AppEnv = {
  Variables: {
    requestId: string;
    logger: Logger;
    /** Set by the web layer so page requests get an HTML error page instead of JSON. */
    renderProblemHtml?: (c: Context<AppEnv>, problem: Problem) => Response;
    /** The hub's public address (PUBLIC_URL), for judging a request's Origin. */
    publicUrl: string;
    /** Who is asking: a signed-in session, an API token, or nobody (unset). */
    principal?: Principal;
  };
};
