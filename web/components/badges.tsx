/** Words for each status, so colour is never the only signal. */
const STATUS_WORDS: Record<string, string> = { yes: 'works', partial: 'partial', no: 'does not work', unknown: 'unknown' };
const NOSTD_WORDS: Record<string, string> = { always: 'no_std', optional: 'no_std (optional)', no: 'needs std', unknown: 'no_std unknown' };

export const statusWord = (status: string) => STATUS_WORDS[status] ?? status;
export const nostdWord = (status: string) => NOSTD_WORDS[status] ?? status;

export function StatusBadge(props: { status: string; label?: string }) {
  const word = statusWord(props.status);
  return <span class={`badge s-${props.status}`}>{props.label ? `${props.label}: ${word}` : word}</span>;
}

const MAIN_PROFILES = ['cloud', 'wasm', 'embedded'];

/** What a result shows at a glance: the three main profiles, no_std, accelerators, binding kinds. */
export function GlanceBadges(props: { profiles: Record<string, string>; nostd: string; accelerators: string[]; bindingKinds: string[] }) {
  return (
    <span class="badges">
      {MAIN_PROFILES.map((p) => (
        <StatusBadge status={props.profiles[p] ?? 'unknown'} label={p} />
      ))}
      {props.nostd === 'always' || props.nostd === 'optional' ? <span class={`badge s-${props.nostd}`}>{nostdWord(props.nostd)}</span> : null}
      {props.accelerators.map((a) => (
        <span class="badge">{a}</span>
      ))}
      {props.bindingKinds.map((b) => (
        <span class="badge">{b}</span>
      ))}
    </span>
  );
}
