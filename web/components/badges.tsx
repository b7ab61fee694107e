
import { nostdWord, statusWord } from '../../api/compat/words.js';

export { nostdWord, statusWord };

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
