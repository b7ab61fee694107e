import type { AccountProfile } from '../../api/contributors/service.js';
import { CsrfField } from '../csrf.js';
import { type FormState, FormErrors, fieldError } from './forms.js';

/**
 * The account holder's contributor profile: where it is, whether it is public, merge suggestions
 * waiting for them, and their affiliations. Each action is one small form.
 */
export function ContributorProfile(props: { profile: AccountProfile | null; csrf: string; state?: FormState }) {
  const { profile: p, csrf } = props;
  if (!p) {
    return (
      <p class="empty">
        Ferrite credits your account once you publish metadata, post a compatibility report or vote; your contributor profile appears then.
      </p>
    );
  }
  return (
    <>
      <div>
        {p.hidden ? (
          'Your profile is hidden: it is on no public page and not in the API.'
        ) : (
          <>
            Others see you on <a href={`/people/${p.id}`}>your public profile page</a>.
          </>
        )}{' '}
        <form class="inline" method="post" action={`/account/profile/${p.hidden ? 'show' : 'hide'}`}>
          <CsrfField token={csrf} />
          <button type="submit" class="secondary">
            {p.hidden ? 'Show my profile' : 'Hide my profile'}
          </button>
        </form>
      </div>
      {p.suggestions.length > 0 && (
        <>
          <h3>Is this you too?</h3>
          <ul class="plain">
            {p.suggestions.map((s) => (
              <li>
                <a href={`/people/${s.other}`}>{s.otherName}</a> <span class="small muted">({s.reason})</span>{' '}
                <form class="inline" method="post" action={`/account/merge-suggestions/${s.id}/accept`}>
                  <CsrfField token={csrf} />
                  <button type="submit">Merge into my profile</button>
                </form>{' '}
                <form class="inline" method="post" action={`/account/merge-suggestions/${s.id}/reject`}>
                  <CsrfField token={csrf} />
                  <button type="submit" class="secondary">
                    Not me
                  </button>
                </form>
              </li>
            ))}
          </ul>
        </>
      )}
      <h3>Affiliations</h3>
      {p.affiliations.length ? (
        <ul class="plain">
          {p.affiliations.map((a) => (
            <li>
              {a.org} <span class="small muted">{a.since ?? 'from the start'} – {a.until ?? 'now'}</span>{' '}
              <form class="inline" method="post" action={`/account/affiliations/${a.id}/remove`}>
                <CsrfField token={csrf} />
                <button type="submit" class="secondary" aria-label={`Remove ${a.org}`}>
                  Remove
                </button>
              </form>
            </li>
          ))}
        </ul>
      ) : (
        <p class="help">None. Affiliations tell which organisations a package depends on (its elephant factor).</p>
      )}
      <FormErrors state={props.state} />
      <form method="post" action="/account/affiliations" class="stack">
        <CsrfField token={csrf} />
        <label for="org">Organisation</label>
        <input id="org" name="org" type="text" required value={props.state?.values?.org ?? ''} aria-invalid={fieldError(props.state, 'org') ? 'true' : undefined} />
        <label for="since">Since (optional)</label>
        <input id="since" name="since" type="date" value={props.state?.values?.since ?? ''} />
        <label for="until">Until (optional, the day after the last)</label>
        <input id="until" name="until" type="date" value={props.state?.values?.until ?? ''} aria-invalid={fieldError(props.state, 'until') ? 'true' : undefined} />
        <button type="submit">Add affiliation</button>
      </form>
    </>
  );
}
