import { StatusBadge, nostdWord } from './badges.js';

export type ClaimView = {
  subject: string;
  status: string;
  sourceKind: 'inferred' | 'declared' | 'verified';
  source: string;
  evidence: { source: string; detail: string }[];
  /** For a profile decided by declared or verified answers on its representative targets. */
  fromTargets?: string[];
};

const KIND_WORDS = { inferred: 'Inferred', declared: 'Declared', verified: 'Verified' } as const;

/** Where a claim came from, in words: "inferred from the crates.io index", "declared by a maintainer"… */
export function sourceWords(c: Pick<ClaimView, 'sourceKind' | 'source'>): string {
  const from: Record<string, string> = {
    index: 'the crates.io index record',
    manifest: "the repository's Cargo.toml",
    archive: 'the published .crate archive',
    packument: 'the npm registry metadata',
  };
  if (c.sourceKind === 'inferred') return `${KIND_WORDS.inferred} from ${from[c.source] ?? c.source}`;
  if (c.sourceKind === 'declared') return `${KIND_WORDS.declared} by ${c.source.replace(/^user:/, 'maintainer ')}`;
  return `${KIND_WORDS.verified} by ${c.source.replace(/^report:/, 'CI report ')}`;
}

const label = (subject: string, status: string) => (subject === 'nostd' ? nostdWord(status) : undefined);

/**
 * One cell of the compatibility matrix: the strongest answer as a badge, and on demand every
 * source's claim with its evidence. A plain `<details>`, so it opens without JavaScript.
 */
export function CompatCell(props: { subject: string; best: ClaimView | undefined; all: ClaimView[]; derived?: { note: string; href: string } }) {
  const { best, all } = props;
  const status = best?.status ?? 'unknown';
  const badge = props.subject === 'nostd' ? <span class={`badge s-${status}`}>{label('nostd', status)}</span> : <StatusBadge status={status} />;
  if (!best && !props.derived) {
    return (
      <span>
        {badge} <span class="small muted">no evidence yet</span>
      </span>
    );
  }
  const disagree = new Set([...all.map((c) => c.status), ...(best ? [best.status] : [])]).size > 1;
  // A profile decided by its targets' stronger answers is not one of its own claims: show it first.
  const shown = best?.fromTargets?.length ? [best, ...all] : all;
  return (
    <details class="evidence" data-subject={props.subject}>
      <summary>
        {badge}
        {disagree && <span class="badge s-partial">sources disagree</span>}
      </summary>
      {props.derived && (
        <p class="small">
          {props.derived.note} (<a href={props.derived.href}>see its evidence</a>)
        </p>
      )}
      {shown.map((c) => (
        <div class={disagree ? 'disagree' : undefined}>
          <span class="source-kind">
            {sourceWords(c)}
            {c.fromTargets?.length ? ` for ${c.fromTargets.join(', ')}` : ''}
          </span>
          {disagree && <> — says <strong>{c.subject === 'nostd' ? nostdWord(c.status) : c.status}</strong></>}
          <ul class="evidence-list">
            {c.evidence.map((e) => (
              <li>
                <code>{e.source}</code>: {e.detail}
              </li>
            ))}
          </ul>
        </div>
      ))}
    </details>
  );
}
