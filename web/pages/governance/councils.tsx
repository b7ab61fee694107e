import { CsrfField } from '../../csrf.js';
import { Empty, formatDate } from '../../components/bits.js';
import { type FormState, FormErrors } from '../../components/forms.js';
import { ActionText, type Council, StatusPill } from './common.js';

export function CouncilsView(props: { councils: { slug: string; name: string; charter: string }[] }) {
  return (
    <>
      <h1>Councils</h1>
      <p class="lead">Councils hold verifiable votes whose outcomes change the registry: recommended crates, deprecations, ownership transfers. Every vote's log is public and recountable.</p>
      {props.councils.length ? (
        <ul class="tiles">
          {props.councils.map((c) => (
            <li>
              <a href={`/councils/${c.slug}`}>
                <strong>{c.name}</strong>
                <span class="small muted">{c.charter.slice(0, 140)}</span>
              </a>
            </li>
          ))}
        </ul>
      ) : (
        <Empty>
          No councils have been set up on this hub yet.
        </Empty>
      )}
    </>
  );
}

export function CouncilView(props: { data: Council; canPropose: boolean; csrf: string | null; state?: FormState }) {
  const { council, members, proposals } = props.data;
  const open = proposals.filter((p) => p.status === 'open' || p.status === 'draft');
  const past = proposals.filter((p) => !(p.status === 'open' || p.status === 'draft'));
  const list = (items: typeof proposals) => (
    <ul class="plain">
      {items.map((p) => (
        <li>
          <a href={`/proposals/${p.id}`}>{p.title}</a> <StatusPill status={p.status} />
          <br />
          <span class="small">
            <ActionText kind={p.kind} action={p.action} options={p.options} method={p.method} />{' '}
            <span class="muted">{p.closedAt ? `Closed ${formatDate(p.closedAt)}.` : p.status === 'open' && p.closesAt ? `Closes by ${formatDate(p.closesAt)}.` : ''}</span>
          </span>
        </li>
      ))}
    </ul>
  );
  return (
    <>
      <h1>{council.name}</h1>
      {council.charter && <p class="lead">{council.charter}</p>}
      <h2>Members</h2>
      <ul class="plain">
        {members.map((m) => (
          <li>
            {m.displayName ?? m.username} {m.role === 'chair' && <span class="badge">chair</span>}{' '}
            <span class="small muted">
              since {formatDate(m.termStart)}
              {m.termEnd ? `, until ${formatDate(m.termEnd)}` : ''}
            </span>
          </li>
        ))}
      </ul>
      {/* Members also see their drafts here, so the heading names them when there are any. */}
      <h2>{open.some((p) => p.status === 'draft') ? 'Drafts and open proposals' : 'Open proposals'}</h2>
      {open.length ? list(open) : <Empty>Nothing is open for a vote.</Empty>}
      <h2>Past proposals</h2>
      {past.length ? list(past) : <Empty>No proposal has closed yet.</Empty>}
      {props.canPropose && props.csrf && <ProposalForm slug={council.slug} csrf={props.csrf} state={props.state} />}
    </>
  );
}

function ProposalForm(props: { slug: string; csrf: string; state?: FormState }) {
  const v = props.state?.values ?? {};
  return (
    <>
      <h2 id="propose">Draft a proposal</h2>
      <FormErrors state={props.state} />
      <form method="post" action={`/councils/${props.slug}/proposals`} class="stack">
        <CsrfField token={props.csrf} />
        <label for="kind">Kind</label>
        <select id="kind" name="kind">
          {['recommend', 'deprecate', 'transfer', 'curate', 'policy'].map((k) => (
            <option value={k} selected={v.kind === k}>
              {k}
            </option>
          ))}
        </select>
        <label for="title">Title</label>
        <input id="title" name="title" type="text" required value={v.title ?? ''} />
        <label for="body">Text</label>
        <textarea id="body" name="body" rows={5}>
          {v.body ?? ''}
        </textarea>
        <label for="package">Package (recommend, deprecate, transfer)</label>
        <input id="package" name="package" type="text" value={v.package ?? ''} />
        <label for="scope">For category or target (recommend, curate)</label>
        <input id="scope" name="scope" type="text" value={v.scope ?? ''} />
        <label for="to">New owner (transfer)</label>
        <input id="to" name="to" type="text" value={v.to ?? ''} />
        <label for="advisories">Cited RustSec advisories, comma- or space-separated (ids or aliases, at most 10)</label>
        <input id="advisories" name="advisories" type="text" value={v.advisories ?? ''} placeholder="RUSTSEC-2023-0089" />
        <label for="method">Method</label>
        <select id="method" name="method">
          {['majority', 'supermajority', 'approval', 'irv', 'schulze', 'consent'].map((m) => (
            <option value={m} selected={v.method === m}>
              {m}
            </option>
          ))}
        </select>
        <label for="options">Options, comma-separated (approval and ranked methods: candidate packages)</label>
        <input id="options" name="options" type="text" value={v.options ?? ''} />
        <label for="maxDays">Voting period (days)</label>
        <input id="maxDays" name="maxDays" type="text" inputmode="decimal" value={v.maxDays ?? '14'} />
        <label>
          <input type="checkbox" name="secret" value="true" checked={v.secret === 'true'} /> Secret ballot (results hidden until close)
        </label>
        <fieldset class="checks">
          <legend>When the outcome is certain before the period ends</legend>
          <label>
            <input type="radio" name="earlyClose" value="true" checked={v.earlyClose !== 'false'} /> Close the vote at once (decided early)
          </label>
          <label>
            <input type="radio" name="earlyClose" value="false" checked={v.earlyClose === 'false'} /> Keep it open for the whole period
          </label>
        </fieldset>
        <button type="submit">Save draft</button>
      </form>
    </>
  );
}
