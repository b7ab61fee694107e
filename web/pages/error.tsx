import type { Problem } from '../../api/lib/problems.js';
import { FieldErrors } from '../components/forms.js';

const HINTS: Partial<Record<Problem['code'], string>> = {
  notFound: 'The address may be mistyped, or the page may have moved.',
  packageNotFound: 'It may not be indexed yet, or the name may be spelt differently.',
  versionNotFound: 'The version may never have been published, or not indexed yet.',
  targetNotFound: 'Target triples are written as rustc prints them, e.g. thumbv7em-none-eabihf.',
  invalidRequest: 'Something in the address is not in the form Ferrite expects.',
  rateLimited: 'Wait a moment and try again.',
};

/**
 * The page every HTML error shows: the same catalogue and request id as the API's problem+json.
 * A visitor who must sign in gets the way to do it, back to the page they asked for (`path`).
 */
export function ErrorView({ problem, path }: { problem: Problem; path?: string }) {
  return (
    <div class="error-page">
      <p class="code">{problem.status}</p>
      <h1>{problem.title}</h1>
      {problem.detail && <p class="lead">{problem.detail}</p>}
      <FieldErrors errors={problem.errors} />
      {HINTS[problem.code] && <p>{HINTS[problem.code]}</p>}
      {problem.code === 'unauthorized' && (
        <p>
          <a class="button" href={`/sign-in${path ? `?next=${encodeURIComponent(path)}` : ''}`}>
            Sign in
          </a>{' '}
          and you come back to this page. No account yet? <a href="/sign-up">Create one</a>.
        </p>
      )}
      <p>
        <a href="/">Home</a> · <a href="/search">Search</a> · <a href={problem.type}>About this error</a>
      </p>
      <p class="small muted">
        Request id <code>{problem.requestId}</code>: quote it if you report this.
      </p>
    </div>
  );
}
