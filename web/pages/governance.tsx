import type { LogEntry } from '../../api/governance/log.js';
import type { councilView, proposalView } from '../../api/governance/queries.js';
import { CsrfField } from '../csrf.js';
import { Empty, formatDate } from '../components/bits.js';
import { type FormState, FormErrors } from '../components/forms.js';
import { packageHref } from '../components/package-list.js';

type Council = Awaited<ReturnType<typeof councilView>>;
type Proposal = Awaited<ReturnType<typeof proposalView>>;

const STATUS_CLASS: Record<string, string> = { open: 's-partial', passed: 's-yes', rejected: 's-no', no_quorum: 's-unknown', withdrawn: 's-unknown', draft: 's-unknown' };
const StatusPill = (props: { status: string }) => <span class={`badge ${STATUS_CLASS[props.status] ?? ''}`}>{props.status.replace('_', ' ')}</span>;

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
          No councils yet. Operators create them with <code>ferrite council create &lt;slug&gt; &lt;name&gt;</code> and seat members with{' '}
          <code>ferrite council add-member</code>.
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
          <a href={`/proposals/${p.id}`}>{p.title}</a> <StatusPill status={p.status} /> <span class="small muted">{p.kind}</span>
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
      <h2>Open proposals</h2>
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
          <input type="checkbox" name="secret" value="true" /> Secret ballot (results hidden until close)
        </label>
        <button type="submit">Save draft</button>
      </form>
    </>
  );
}

type Ballot = { choice?: string; approve?: string[]; ranking?: string[]; weight?: number };

/** A ballot as a sentence: "voted yes", "approved a, b", "ranked a > b > c". */
function ballotText(b: Ballot): string {
  const said = b.ranking ? `ranked ${b.ranking.join(' > ') || 'nothing'}` : b.approve ? `approved ${b.approve.join(', ') || 'none'}` : `voted ${b.choice ?? '?'}`;
  return b.weight !== undefined && b.weight !== 1 ? `${said} (weight ${b.weight})` : said;
}

function eventText(e: Record<string, unknown>): string {
  switch (e.type) {
    case 'opened':
      return `opened; electorate: ${(e.electorate as string[]).join(', ')}`;
    case 'ballot':
      return `${String(e.voter)} ${e.choice ? ballotText(e.choice as Ballot) : 'voted (secret)'}${Number(e.version) > 1 ? ` (change ${String(e.version)})` : ''}${e.reason ? ` — ${String(e.reason)}` : ''}`;
    case 'recused':
      return `${String(e.voter)} recused: ${String(e.reason)}`;
    case 'concern-raised':
      return `${String(e.voter)} raised a concern: ${String(e.text)}`;
    case 'concern-resolved':
      return `${String(e.voter)} resolved concern ${String(e.concern)}`;
    case 'fcp-started':
      return `final comment period started, ends ${formatDate(String(e.endsAt))}`;
    case 'fcp-cancelled':
      return 'final comment period stopped by a concern';
    case 'revealed':
      return `secret ballots revealed (${(e.ballots as unknown[]).length})`;
    case 'closed':
      return `closed: ${String(e.status).replace('_', ' ')} (${String(e.why)})`;
    case 'applied':
      return `applied to the registry: ${(e.decisions as { kind: string }[]).map((d) => d.kind).join(', ')}`;
    case 'withdrawn':
      return `withdrawn by ${String(e.by)}`;
    default:
      return String(e.type);
  }
}

export type Viewer = { canVote: boolean; isAuthorOrChair: boolean; username: string | null; csrf: string | null };

export function ProposalView(props: { data: Proposal; viewer: Viewer; state?: FormState; receipt?: string }) {
  const { proposal: p, council, rules, tally, hidden, electorate, log, concerns, decisions } = props.data;
  const v = props.viewer;
  return (
    <>
      <p class="small">
        <a href={`/councils/${council.slug}`}>{council.name}</a> · proposal {p.id} · {p.kind}
      </p>
      <h1>
        {p.title} <StatusPill status={p.status} />
      </h1>
      {p.body && <p class="prewrap">{p.body}</p>}
      {props.receipt && (
        <p class="notice" role="status">
          Your ballot is recorded. Receipt: <code>{props.receipt}</code> (<a href={`/proposals/${p.id}/log#${props.receipt}`}>find it in the public log</a>)
        </p>
      )}
      <h2>Rules</h2>
      <p class="small">
        Method <strong>{rules.method}</strong>
        {rules.quorum ? `, quorum ${rules.quorum <= 1 ? `${rules.quorum * 100}% of the electorate` : rules.quorum}` : ', no quorum'}
        {rules.method === 'majority' || rules.method === 'supermajority' ? `, share of ${rules.base === 'cast' ? 'votes cast' : 'the electorate'}` : ''}
        {rules.secret ? ', secret ballot' : ', public ballot'}
        {rules.reasonsRequired ? ', reasons required' : ''}
        {rules.method === 'consent' ? `, FCP of ${rules.fcpDays} days once all but ${rules.fcpMissing} reviewed` : ''}
        {p.closesAt ? `; closes ${formatDate(p.closesAt)}` : ''}. Frozen when the proposal opened.
      </p>
      <h2>Tally</h2>
      <TallyView tally={tally} hidden={hidden} options={p.options} />
      {decisions.length > 0 && (
        <p>
          Applied:{' '}
          {decisions.map((d) => (
            <>
              {d.kind} <a href={packageHref(d.ecosystem, d.name)}>{d.name}</a>
              {d.scope ? ` for ${d.scope}` : ''}{' '}
            </>
          ))}
        </p>
      )}
      <h2>Electorate</h2>
      <ul class="plain">
        {electorate.map((e) => (
          <li>
            {e.username} {e.recused ? <span class="badge s-unknown">recused: {e.reason}</span> : e.voted ? <span class="badge s-yes">voted</span> : <span class="badge">not yet</span>}
          </li>
        ))}
      </ul>
      {v.canVote && v.csrf && <VoteForm p={p} method={rules.method} csrf={v.csrf} state={props.state} concerns={concerns.filter((c) => c.by === v.username)} />}
      {p.status === 'draft' && v.isAuthorOrChair && v.csrf && (
        <form method="post" action={`/proposals/${p.id}/open`}>
          <CsrfField token={v.csrf} />
          <button type="submit">Open for voting</button>
        </form>
      )}
      <h2>Timeline</h2>
      <ol class="small">
        {log.map((e) => (
          <li>
            {formatDate(e.at)} — {eventText(e.event)}
          </li>
        ))}
      </ol>
      <p>
        <a href={`/proposals/${p.id}/log`}>The public hash-chained log</a> · recount it yourself: <code>ferrite verify {`<this hub>/api/v1/proposals/${p.id}/log`}</code>
      </p>
    </>
  );
}

function TallyView(props: { tally: unknown; hidden: boolean; options: string[] }) {
  if (props.hidden) return <p class="muted">Secret ballot: who voted is public, how they voted is revealed when the vote closes.</p>;
  const t = props.tally as { winner: string | null; passed: boolean; quorumMet: boolean; ranking: string[]; rounds: ({ counts?: Record<string, number>; eliminated?: string } & Partial<SchulzeRound>)[]; provisional?: boolean } | null;
  if (!t) return <p class="muted">No ballots yet.</p>;
  const rounds = t.rounds.filter((r) => r.counts);
  const max = Math.max(1, ...rounds.flatMap((r) => Object.values(r.counts!)));
  const schulze = t.rounds.find((r) => r.pairwise && r.strongest) as SchulzeRound | undefined;
  return (
    <>
      <p>
        {t.provisional ? 'So far: ' : 'Result: '}
        {!t.quorumMet ? 'quorum not met' : t.winner ? <strong>{t.winner}</strong> : 'no winner (tie)'}
        {t.ranking.length > 1 && <span class="small muted"> · ranking {t.ranking.join(' > ')}</span>}
      </p>
      {rounds.map((r, i) => (
        <figure class="tally-round">
          <figcaption class="small">{rounds.length > 1 ? `Round ${i + 1}${r.eliminated ? `: ${r.eliminated} eliminated` : ''}` : 'Counts'}</figcaption>
          {Object.entries(r.counts!).map(([o, n]) => (
            <div class="bar-row">
              <span class="bar-label">{o}</span>
              <meter min={0} max={max} value={n} aria-label={`${o}: ${n}`}></meter>
              <span class="small">{n}</span>
            </div>
          ))}
        </figure>
      ))}
      {schulze && <SchulzeTable round={schulze} options={t.ranking} />}
    </>
  );
}

type Matrix = Record<string, Record<string, number>>;
type SchulzeRound = { pairwise: Matrix; strongest: Matrix };

/** Schulze's count as its two matrices, options in result order: a cell is "row over column". */
function SchulzeTable(props: { round: SchulzeRound; options: string[] }) {
  const { pairwise, strongest } = props.round;
  const o = props.options;
  return (
    <figure class="tally-round">
      <figcaption class="small">
        Pairwise preferences: how many voters ranked the row above the column, and in brackets the strongest path from row to column. The row beats the column
        when its strongest path is stronger (marked ✓).
      </figcaption>
      <div class="table-wrap" role="region" tabindex={0} aria-label="Schulze pairwise preferences">
        <table>
          <thead>
            <tr>
              <th scope="col">over →</th>
              {o.map((c) => (
                <th scope="col">{c}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {o.map((r) => (
              <tr>
                <th scope="row">{r}</th>
                {o.map((c) =>
                  r === c ? (
                    <td>—</td>
                  ) : (
                    <td>
                      {pairwise[r]?.[c] ?? 0} ({strongest[r]?.[c] ?? 0}){(strongest[r]?.[c] ?? 0) > (strongest[c]?.[r] ?? 0) ? ' ✓' : ''}
                    </td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}

function VoteForm(props: { p: Proposal['proposal']; method: string; csrf: string; state?: FormState; concerns: { id: number; text: string }[] }) {
  const { p, method } = props;
  return (
    <section aria-labelledby="vote">
      <h2 id="vote">Your vote</h2>
      <FormErrors state={props.state} />
      <form method="post" action={`/proposals/${p.id}/vote`} class="stack">
        <CsrfField token={props.csrf} />
        {method === 'approval' ? (
          <fieldset class="checks">
            <legend>Approve any number</legend>
            {p.options.map((o) => (
              <label>
                <input type="checkbox" name="approve" value={o} /> {o}
              </label>
            ))}
          </fieldset>
        ) : method === 'irv' || method === 'schulze' ? (
          <fieldset>
            <legend>Rank the options (leave lower ranks empty to stop)</legend>
            {p.options.map((_, i) => (
              <label>
                Rank {i + 1}{' '}
                <select name="rank">
                  <option value="">—</option>
                  {p.options.map((o) => (
                    <option value={o}>{o}</option>
                  ))}
                </select>
              </label>
            ))}
          </fieldset>
        ) : (
          <fieldset class="checks">
            <legend>Your ballot</legend>
            {p.options.map((o) => (
              <label>
                <input type="radio" name="choice" value={o} required /> {o}
              </label>
            ))}
          </fieldset>
        )}
        <label for="reason">Reason (shown with public ballots)</label>
        <input id="reason" name="reason" type="text" />
        <button type="submit">Cast ballot</button>
      </form>
      {method === 'consent' && (
        <>
          <form method="post" action={`/proposals/${p.id}/concerns`} class="stack">
            <CsrfField token={props.csrf} />
            <label for="concern">Raise a concern (blocks the final comment period until you resolve it)</label>
            <input id="concern" name="text" type="text" required />
            <button type="submit" class="secondary">
              Raise concern
            </button>
          </form>
          {props.concerns.map((c) => (
            <form method="post" action={`/proposals/${p.id}/concerns/${c.id}/resolve`} class="inline">
              <CsrfField token={props.csrf} />
              <button type="submit" class="secondary">
                Resolve “{c.text}”
              </button>
            </form>
          ))}
        </>
      )}
      <form method="post" action={`/proposals/${p.id}/recuse`} class="stack">
        <CsrfField token={props.csrf} />
        <label for="recusal">Recuse for a conflict of interest (removes you from the quorum base)</label>
        <input id="recusal" name="reason" type="text" required />
        <button type="submit" class="secondary">
          Recuse
        </button>
      </form>
    </section>
  );
}

export function LogView(props: { id: number; title: string; entries: LogEntry[]; checkpoint: { note: string; treeSize: number; verifierKey: string }; publicUrl: string }) {
  return (
    <>
      <h1>Public log of proposal {props.id}</h1>
      <p class="lead">
        <a href={`/proposals/${props.id}`}>{props.title}</a>. Each entry's hash covers its content and the previous hash: change any entry and every later
        one stops matching. Machine-readable at <a href={`/api/v1/proposals/${props.id}/log`}>/api/v1/proposals/{props.id}/log</a>.
      </p>
      <LogCheckpoint checkpoint={props.checkpoint} publicUrl={props.publicUrl} />
      <div class="table-wrap" role="region" tabindex={0} aria-label="Log entries">
        <table>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">When</th>
              <th scope="col">Event</th>
              <th scope="col">Hash</th>
            </tr>
          </thead>
          <tbody>
            {props.entries.map((e) => (
              <tr id={e.hash}>
                <td>{e.seq}</td>
                <td class="small">{e.at}</td>
                <td class="small">
                  <code>{JSON.stringify(e.event)}</code>
                </td>
                <td class="small">
                  <code title={`previous: ${e.prevHash}`}>{e.hash.slice(0, 16)}…</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

/**
 * The signed checkpoint of the whole governance log (every proposal's entries are leaves of one
 * Merkle tree) and how to hold the hub to it later.
 */
function LogCheckpoint(props: { checkpoint: { note: string; treeSize: number; verifierKey: string }; publicUrl: string }) {
  return (
    <section aria-labelledby="checkpoint">
      <h2 id="checkpoint">Current checkpoint</h2>
      <p>
        Every entry of every proposal is also a leaf of one append-only Merkle tree (RFC 9162), now {props.checkpoint.treeSize} entries. The hub signs its size and
        root hash with its key (<a href="/api/v1/log/public-key">public key</a>). Save this checkpoint, or a ballot's receipt:
      </p>
      <div class="table-wrap" role="region" tabindex={0} aria-label="Signed checkpoint">
        <pre>
          <code>{props.checkpoint.note}</code>
        </pre>
      </div>
      <p>
        Later, this fetches a consistency proof and shows that the log only grew: an entry rewritten, the tail dropped, the log truncated or a different tree
        shown to someone else each fail, naming the first entries that no longer match. It also recounts every closed proposal. Use <code>--receipt
        receipt.json</code> for a receipt; <code>--key</code> pins the hub's key.
      </p>
      <p class="snippet">
        <code>
          ferrite verify --checkpoint checkpoint.txt --key {props.checkpoint.verifierKey} {props.publicUrl}
        </code>
      </p>
    </section>
  );
}

export function MyVotesView(props: { votes: { proposalId: number; title: string; status: string; choice: unknown; version: number; receipt: string | null }[] }) {
  return (
    <>
      <h1>My votes</h1>
      {props.votes.length ? (
        <ul class="plain">
          {props.votes.map((v) => (
            <li>
              <a href={`/proposals/${v.proposalId}`}>{v.title}</a> <StatusPill status={v.status} /> <code class="small">{JSON.stringify(v.choice)}</code>{' '}
              {v.receipt && (
                <span class="small">
                  receipt <a href={`/proposals/${v.proposalId}/log#${v.receipt}`}>{v.receipt.slice(0, 16)}…</a> (
                  <a href={`/api/v1/log/proof/inclusion?hash=${v.receipt}`} download={`receipt-${v.proposalId}-${v.version}.json`}>
                    download with its proof
                  </a>
                  )
                </span>
              )}
            </li>
          ))}
        </ul>
      ) : (
        <Empty>You have not voted yet.</Empty>
      )}
    </>
  );
}
