import type { AccountProfile } from '../../api/contributors/service.js';
import { ContributorProfile } from '../components/contributor-profile.js';
import { SCOPES, SCOPE_HELP } from '../../api/accounts/scopes.js';
import { CsrfField } from '../csrf.js';
import { formatDate } from '../components/bits.js';
import { type FormState, FormErrors } from '../components/forms.js';
import { packageHref } from '../components/package-list.js';
import { DataTable } from '../components/data-table.js';

export type AccountData = {
  user: { username: string; displayName: string | null };
  currentSessionId: string;
  identities: { provider: string; login: string; verified: boolean }[];
  sessions: { id: string; createdAt: Date; lastSeenAt: Date; userAgent: string | null }[];
  tokens: { id: number; name: string; prefix: string; scopes: string[]; packageGlob: string | null; expiresAt: Date | null; lastUsedAt: Date | null; revokedAt: Date | null; createdAt: Date }[];
  owned: { ecosystem: 'crates' | 'npm'; name: string }[];
  invitations: { id: number; package: string; ecosystem: 'crates' | 'npm'; inviter: string }[];
  profile: AccountProfile | null;
};

/** Profile, identities, packages, invitations, API tokens, sessions and password: one page, one form per action. */
export function AccountView(props: { data: AccountData; csrf: string; newToken?: string; notice?: string; state?: FormState; section?: string }) {
  const { data, csrf } = props;
  const errorsFor = (section: string) => (props.section === section ? props.state : undefined);
  return (
    <>
      <h1>{data.user.displayName ?? data.user.username}</h1>
      <p class="muted">
        Signed in as <strong>{data.user.username}</strong>.
      </p>
      {props.notice && !props.newToken && (
        <p class="notice" role="status">
          {props.notice}
        </p>
      )}
      {props.newToken && (
        <div class="notice" role="status">
          <p>
            Your new token — copy it now, it is shown only once: <code id="new-token">{props.newToken}</code>
          </p>
        </div>
      )}

      <p>
        <a href="/account/votes">My votes</a> in councils, with their receipts.
      </p>
      <h2 id="packages">Your packages</h2>
      {data.owned.length ? (
        <ul class="plain">
          {data.owned.map((p) => (
            <li>
              <a href={packageHref(p.ecosystem, p.name)}>{p.name}</a> <span class="eco">{p.ecosystem === 'crates' ? 'crate' : 'npm'}</span>
            </li>
          ))}
        </ul>
      ) : (
        <p class="empty">
          You own no packages on Ferrite yet. Ownership comes from a verified GitHub identity listed as owner on crates.io, or from an
          owner's invitation.
        </p>
      )}
      {data.invitations.length > 0 && (
        <>
          <h3>Invitations</h3>
          <ul class="plain">
            {data.invitations.map((i) => (
              <li>
                {i.inviter} invites you to own <a href={packageHref(i.ecosystem, i.package)}>{i.package}</a>{' '}
                <form class="inline" method="post" action={`/account/invitations/${i.id}/accept`}>
                  <CsrfField token={csrf} />
                  <button type="submit">Accept</button>
                </form>{' '}
                <form class="inline" method="post" action={`/account/invitations/${i.id}/decline`}>
                  <CsrfField token={csrf} />
                  <button type="submit" class="secondary">
                    Decline
                  </button>
                </form>
              </li>
            ))}
          </ul>
        </>
      )}

      <h2 id="profile">Contributor profile</h2>
      <ContributorProfile profile={data.profile} csrf={csrf} state={errorsFor('affiliation')} />

      <h2 id="identities">Linked identities</h2>
      <ul class="plain">
        {data.identities.map((i) => (
          <li>
            {i.provider}: <strong>{i.login}</strong> <span class={`badge ${i.verified ? 's-yes' : 's-unknown'}`}>{i.verified ? 'verified' : 'unverified claim'}</span>
          </li>
        ))}
      </ul>
      <FormErrors state={errorsFor('identity')} />
      <form method="post" action="/account/identities" class="stack">
        <CsrfField token={csrf} />
        <label for="provider">Registry</label>
        <select id="provider" name="provider">
          <option value="crates.io">crates.io user</option>
          <option value="npm">npm user</option>
        </select>
        <label for="login">Name there</label>
        <input id="login" name="login" type="text" required />
        <span class="help">Shown as an unverified claim: it credits you but grants no ownership.</span>
        <button type="submit">Add identity</button>
      </form>

      <h2 id="tokens">API tokens</h2>
      <p class="help">
        Send as <code>Authorization: Bearer frt_…</code>. A token can do only what its scopes allow, only on packages matching its glob,
        and never more than your account.
      </p>
      {data.tokens.length ? (
        <DataTable label="API tokens" columns={['Name', 'Scopes', 'Packages', 'Expires', 'Last used', { label: 'Action', hidden: true }]} cards>
          {data.tokens.map((t) => (
            <tr>
              <td>
                {t.name} <code class="small muted">{t.prefix}…</code>
              </td>
              <td class="small" data-label="Scopes">{t.scopes.join(', ')}</td>
              <td class="small" data-label="Packages">{t.packageGlob ?? 'all you own'}</td>
              <td class="small" data-label="Expires">{t.expiresAt ? formatDate(t.expiresAt) : 'never'}</td>
              <td class="small" data-label="Last used">{t.lastUsedAt ? formatDate(t.lastUsedAt) : 'never'}</td>
              <td>
                {t.revokedAt ? (
                  <span class="badge s-no">revoked</span>
                ) : (
                  <form method="post" action={`/account/tokens/${t.id}/revoke`}>
                    <CsrfField token={csrf} />
                    <button type="submit" class="secondary">
                      Revoke <span class="visually-hidden">{t.name}</span>
                    </button>
                  </form>
                )}
              </td>
            </tr>
          ))}
        </DataTable>
      ) : (
        <p class="empty">No tokens yet.</p>
      )}
      <h3>New token</h3>
      <FormErrors state={errorsFor('token')} />
      <form method="post" action="/account/tokens" class="stack">
        <CsrfField token={csrf} />
        <label for="token-name">Name</label>
        <input id="token-name" name="name" type="text" required placeholder="CI for my-crate" />
        <fieldset class="checks">
          <legend>Scopes</legend>
          {SCOPES.map((s) => (
            <label>
              <input type="checkbox" name="scopes" value={s} /> <code>{s}</code> <span class="small muted">{SCOPE_HELP[s]}</span>
            </label>
          ))}
        </fieldset>
        <label for="token-glob">Only packages matching (optional)</label>
        <input id="token-glob" name="packageGlob" type="text" placeholder="my-crate or my-crate-*" />
        <label for="token-expiry">Expires</label>
        <select id="token-expiry" name="expiresInDays">
          <option value="7">in 7 days</option>
          <option value="30">in 30 days</option>
          <option value="90" selected>
            in 90 days
          </option>
          <option value="365">in a year</option>
          <option value="never">never</option>
        </select>
        <button type="submit">Create token</button>
      </form>

      <h2 id="sessions">Sessions</h2>
      <ul class="plain">
        {data.sessions.map((s) => (
          <li>
            {s.userAgent ?? 'unknown browser'} <span class="small muted">signed in {formatDate(s.createdAt)}, last seen {formatDate(s.lastSeenAt)}</span>{' '}
            {s.id === data.currentSessionId ? (
              <span class="badge s-yes">this session</span>
            ) : (
              <form class="inline" method="post" action="/account/sessions/revoke">
                <CsrfField token={csrf} />
                <input type="hidden" name="session" value={s.id} />
                <button type="submit" class="secondary">
                  Sign out
                </button>
              </form>
            )}
          </li>
        ))}
      </ul>

      <h2 id="password">Change password</h2>
      <FormErrors state={errorsFor('password')} />
      <form method="post" action="/account/password" class="stack narrow">
        <CsrfField token={csrf} />
        <label for="current">Current password</label>
        <input id="current" name="current" type="password" autocomplete="current-password" required />
        <label for="next">New password</label>
        <input id="next" name="next" type="password" autocomplete="new-password" required minlength={10} />
        <button type="submit">Change password</button>
      </form>
      <form method="post" action="/sign-out">
        <CsrfField token={csrf} />
        <button type="submit" class="secondary">
          Sign out
        </button>
      </form>
    </>
  );
}
