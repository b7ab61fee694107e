import type { Session, SessionUser } from './sessions.js';
import type { TokenPrincipal } from './tokens.js';

/** Who is asking: a signed-in browser session or an API token. Apart from principal.ts so the request variables can name it without a loop. */
export type Principal = ({ kind: 'session'; session: Session; user: SessionUser }) | ({ kind: 'token' } & TokenPrincipal);
