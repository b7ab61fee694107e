import { CsrfField } from '../../csrf.js';
import { formatDate } from '../../components/bits.js';
import { type FormState, FormErrors } from '../../components/forms.js';
import { packageHref } from '../../components/package-list.js';
import { eventText, type Proposal, StatusPill } from './common.js';

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

