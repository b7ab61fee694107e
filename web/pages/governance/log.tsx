import type { LogEntry } from '../../../api/governance/log.js';
import { Empty } from '../../components/bits.js';
import { ballotText, type Ballot, eventText, StatusPill } from './common.js';

export function LogView(props: { id: number; title: string; entries: LogEntry[]; names: Record<number, string>; receipt?: string; checkpoint: { note: string; treeSize: number; verifierKey: string }; publicUrl: string }) {
  return (
    <>
      <h1>Public log of proposal {props.id}</h1>
      <p class="lead">
        <a href={`/proposals/${props.id}`}>{props.title}</a>. Each entry's hash covers its content and the previous hash: change any entry and every later
        one stops matching. Machine-readable at <a href={`/api/v1/proposals/${props.id}/log`}>/api/v1/proposals/{props.id}/log</a>.
      </p>
      {props.entries.length ? (
        <ol class="log-entries">
          {props.entries.map((e) => {
            const mine = e.hash === props.receipt;
            return (
              <li id={e.hash} class={mine ? 'receipt' : undefined} aria-current={mine ? 'true' : undefined}>
                <p>
                  <strong>#{e.seq}</strong> <span class="small muted">{e.at.replace('T', ' ').replace(/\.\d+Z$/, ' UTC')}</span> — {eventText(e.event, props.names)}
                  {mine && <span class="badge s-yes">your receipt</span>}
                </p>
                <details>
                  <summary class="small">Entry as hashed (JSON)</summary>
                  <pre class="json">
                    <code>{JSON.stringify({ seq: e.seq, at: e.at, event: e.event, prevHash: e.prevHash }, null, 2)}</code>
                  </pre>
                </details>
                <p class="small hash">
                  hash <code>{e.hash}</code>
                </p>
              </li>
            );
          })}
        </ol>
      ) : (
        <Empty>Nothing is logged until the proposal opens.</Empty>
      )}
      <LogCheckpoint checkpoint={props.checkpoint} publicUrl={props.publicUrl} />
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
        <pre class="checkpoint">
          <code>{props.checkpoint.note}</code>
        </pre>
      </div>
      <p>
        Later, this fetches a consistency proof and shows that the log only grew: an entry rewritten, the tail dropped, the log truncated or a different tree
        shown to someone else each fail, naming the first entries that no longer match. It also recounts every closed proposal. Use <code class="nowrap">--receipt
        receipt.json</code> for a receipt; <code class="nowrap">--key</code> pins the hub's key.
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
      <p class="muted">Each receipt is your ballot's entry in the public log: keep it, and you can prove later that your vote was counted as cast.</p>
      {props.votes.length ? (
        <ul class="plain">
          {props.votes.map((v) => (
            <li>
              <a href={`/proposals/${v.proposalId}`}>{v.title}</a> <StatusPill status={v.status} /> <span class="small">you {ballotText(v.choice as Ballot)}.</span>{' '}
              {v.receipt && (
                <span class="small">
                  Your receipt: <a href={`/proposals/${v.proposalId}/log#${v.receipt}`}>{v.receipt.slice(0, 16)}…</a> (
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
