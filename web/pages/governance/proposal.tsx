import { CsrfField } from '../../csrf.js';
import { formatDate } from '../../components/bits.js';
import { type FormState, FormErrors } from '../../components/forms.js';
import { packageHref } from '../../components/package-list.js';
import { ActionText, eventText, type Proposal, StatusPill } from './common.js';
import { DataTable } from '../../components/data-table.js';

export type Viewer = { canVote: boolean; isAuthorOrChair: boolean; username: string | null; csrf: string | null };

const METHOD_WORDS: Record<string, string> = {
  majority: 'simple majority (more than half)',
  supermajority: 'supermajority (two thirds)',
  approval: 'approval voting (most approvals wins)',
  irv: 'instant-runoff (ranked)',
  schulze: 'Schulze (ranked, Condorcet)',
  consent: 'consent with a final comment period',
};

/** The rules as sentences that hold in every state: what is frozen, when it closes or closed, and the early-decision rule. */
function RulesText(props: { p: Proposal['proposal']; rules: Proposal['rules'] }) {
  const { p, rules } = props;
  const yesNo = rules.method === 'majority' || rules.method === 'supermajority';
  const quorum = rules.quorum ? `Quorum: ${rules.quorum <= 1 ? `${rules.quorum * 100}% of the electorate` : `${rules.quorum} ballots`} (abstentions count).` : 'No quorum: any number of ballots decides.';
  const early =
    rules.method === 'consent'
      ? `Passes ${rules.fcpDays} days after all but ${rules.fcpMissing} members have reviewed, unless a concern is open.`
      : rules.earlyClose
        ? 'Decided early: the vote closes as soon as the remaining ballots can no longer change the outcome.'
        : 'No early decision: the vote stays open for its whole period, even once the outcome is certain.';
  const when =
    p.status === 'draft'
      ? `Voting lasts ${rules.maxDays} days from when the proposal opens. These rules are frozen when it opens.`
      : p.status === 'open'
        ? `Opened ${formatDate(p.openedAt)}; closes by ${formatDate(p.closesAt)}. The rules were frozen when it opened.`
        : p.closedAt
          ? `${p.status === 'withdrawn' ? 'Withdrawn' : 'Closed'} ${formatDate(p.closedAt)}${p.openedAt ? ` (opened ${formatDate(p.openedAt)})` : ''}.`
          : '';
  return (
    <ul class="small rules">
      <li>
        Method: <strong>{METHOD_WORDS[rules.method] ?? rules.method}</strong>
        {yesNo ? `, as a share of ${rules.base === 'cast' ? 'the yes and no votes cast' : 'the whole electorate'}` : ''}.
      </li>
      <li>{quorum}</li>
      <li>{rules.secret ? 'Secret ballot: how each member voted is revealed when the vote closes.' : 'Public ballot: each vote is shown as it is cast.'}</li>
      {rules.reasonsRequired && <li>Each ballot gives a reason.</li>}
      <li>{early}</li>
      {when && <li>{when}</li>}
    </ul>
  );
}

export function ProposalView(props: { data: Proposal; viewer: Viewer; state?: FormState; receipt?: string; publicUrl: string }) {
  const { proposal: p, council, rules, tally, hidden, electorate, log, concerns, decisions } = props.data;
  const v = props.viewer;
  const ballots = electorate.filter((e) => e.voted && !e.recused).length;
  return (
    <>
      <p class="small">
        <a href={`/councils/${council.slug}`}>{council.name}</a> · proposal {p.id} · {p.kind}
      </p>
      <h1>
        {p.title} <StatusPill status={p.status} />
      </h1>
      <p class="lead action">
        <ActionText kind={p.kind} action={p.action} options={p.options} method={rules.method} />
      </p>
      {p.body && <p class="prewrap">{p.body}</p>}
      {p.citedAdvisories.length > 0 && (
        <p id="cited-advisories">
          Cites RustSec {p.citedAdvisories.length === 1 ? 'advisory' : 'advisories'}{' '}
          {p.citedAdvisories.map((id, i) => (
            <>
              {i > 0 && ', '}
              <a href={`/advisories/${encodeURIComponent(id)}`}>{id}</a>
            </>
          ))}
          .
        </p>
      )}
      {props.receipt && (
        <p class="notice" role="status">
          Your ballot is recorded. Receipt: <code class="hash">{props.receipt}</code> (<a href={`/proposals/${p.id}/log?receipt=${props.receipt}#${props.receipt}`}>find it in the public log</a>)
        </p>
      )}
      <h2>Rules</h2>
      <RulesText p={p} rules={rules} />
      <h2>Tally</h2>
      {p.status === 'draft' ? (
        <p class="muted">Voting has not started: the tally appears once the proposal opens.</p>
      ) : p.status === 'withdrawn' && !tally ? (
        <p class="muted">Withdrawn before a result.</p>
      ) : (
        <TallyView tally={tally} hidden={hidden} options={p.options} ballots={ballots} quorum={rules.quorum} method={rules.method} />
      )}
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
      {p.status === 'draft' ? (
        <p class="muted">The council's active members when the proposal opens.</p>
      ) : (
        <ul class="plain">
          {electorate.map((e) => (
            <li>
              {e.username} {e.recused ? <span class="badge s-unknown">recused: {e.reason}</span> : e.voted ? <span class="badge s-yes">voted</span> : <span class="badge">not yet</span>}
            </li>
          ))}
        </ul>
      )}
      {v.canVote && v.csrf && <VoteForm p={p} method={rules.method} csrf={v.csrf} state={props.state} concerns={concerns.filter((c) => c.by === v.username)} />}
      {p.status === 'draft' && v.isAuthorOrChair && v.csrf && (
        <>
          <FormErrors state={props.state} />
          <form method="post" action={`/proposals/${p.id}/open`}>
            <CsrfField token={v.csrf} />
            <button type="submit">Open for voting</button>
          </form>
        </>
      )}
      <h2>Timeline</h2>
      {log.length ? (
        <ol class="small">
          {log.map((e) => (
            <li>
              {formatDate(e.at)} — {eventText(e.event, props.data.packageNames)}
            </li>
          ))}
        </ol>
      ) : (
        <p class="muted small">Drafted {formatDate(p.createdAt)} by {props.data.author}; nothing is logged until it opens.</p>
      )}
      {log.length > 0 && (
        <>
          <p>
            <a href={`/proposals/${p.id}/log`}>The public hash-chained log</a>. Recount it yourself:
          </p>
          <p class="snippet">
            <code>ferrite verify {`${props.publicUrl}/api/v1/proposals/${p.id}/log`}</code>
          </p>
        </>
      )}
    </>
  );
}

type Tally = { winner: string | null; passed: boolean; quorumMet: boolean; ranking: string[]; rounds: ({ counts?: Record<string, number>; eliminated?: string } & Partial<SchulzeRound>)[]; provisional?: boolean };

function TallyView(props: { tally: unknown; hidden: boolean; options: string[]; ballots: number; quorum: number; method: string }) {
  if (props.hidden) return <p class="muted">Secret ballot: who voted is public, how they voted is revealed when the vote closes.</p>;
  const t = props.tally as Tally | null;
  if (!t || (t.provisional && props.ballots === 0)) return <p class="muted">No ballots yet.</p>;
  if (props.method === 'consent') return <ConsentTally tally={t} />;
  const rounds = t.rounds.filter((r) => r.counts);
  const max = Math.max(1, ...rounds.flatMap((r) => Object.values(r.counts!)));
  const schulze = t.rounds.find((r) => r.pairwise && r.strongest) as SchulzeRound | undefined;
  const choosing = !['majority', 'supermajority'].includes(props.method);
  const outcome = !t.quorumMet
    ? props.quorum
      ? 'quorum not met'
      : 'no ballots counted'
    : choosing
      ? t.winner
        ? <>winner <strong>{t.winner}</strong></>
        : 'no winner (tie)'
      : <strong>{t.passed ? 'passes' : 'does not pass'}</strong>;
  return (
    <>
      <p>
        {t.provisional ? 'So far: ' : 'Result: '}
        {outcome}
        {choosing && t.ranking.length > 1 && t.quorumMet && <span class="small muted"> · ranking {t.ranking.join(' > ')}</span>}
      </p>
      {rounds.map((r, i) => (
        <figure class="tally-round">
          <figcaption class="small">{rounds.length > 1 ? `Round ${i + 1}${r.eliminated ? `: ${r.eliminated} eliminated` : ''}` : 'Counts'}</figcaption>
          {/* Options in the proposal's own order, so the bars never reorder as counts change. */}
          {props.options.filter((o) => o in r.counts!).map((o) => (
            <div class="bar-row">
              <span class="bar-label">{o}</span>
              <meter min={0} max={max} value={r.counts![o]} aria-label={`${o}: ${r.counts![o]}`}></meter>
              <span class="small">{r.counts![o]}</span>
            </div>
          ))}
        </figure>
      ))}
      {schulze && <SchulzeTable round={schulze} options={props.options} />}
    </>
  );
}

function ConsentTally(props: { tally: Tally }) {
  const r = (props.tally.rounds[0] ?? {}) as { reviewed?: string[] | number; electorate?: number; openConcerns?: number };
  const reviewed = Array.isArray(r.reviewed) ? r.reviewed.length : Number(r.reviewed ?? 0);
  return (
    <p>
      {props.tally.provisional ? 'So far: ' : 'Result: '}
      {reviewed} of {r.electorate ?? '?'} reviewed, {r.openConcerns ?? 0} open concern{r.openConcerns === 1 ? '' : 's'}
      {props.tally.provisional ? '' : props.tally.passed ? '; passed' : '; not passed'}.
    </p>
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
      <DataTable label="Schulze pairwise preferences" columns={['over →', ...o]}>
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
      </DataTable>
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

