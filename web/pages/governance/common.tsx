import type { councilView, proposalView } from '../../../api/governance/queries.js';
import { formatDate } from '../../components/bits.js';
import { packageHref } from '../../components/package-list.js';

export type Council = Awaited<ReturnType<typeof councilView>>;
export type Proposal = Awaited<ReturnType<typeof proposalView>>;

const STATUS_CLASS: Record<string, string> = { open: 's-partial', passed: 's-yes', rejected: 's-no', no_quorum: 's-unknown', withdrawn: 's-unknown', draft: 's-unknown' };
export const StatusPill = (props: { status: string }) => <span class={`badge ${STATUS_CLASS[props.status] ?? ''}`}>{props.status.replace('_', ' ')}</span>;

export type Ballot = { choice?: string; approve?: string[]; ranking?: string[]; weight?: number };

/** A ballot as a sentence: "voted yes", "approved a, b", "ranked a > b > c". */
export function ballotText(b: Ballot): string {
  const said = b.ranking ? `ranked ${b.ranking.join(' > ') || 'nothing'}` : b.approve ? `approved ${b.approve.join(', ') || 'none'}` : `voted ${b.choice ?? '?'}`;
  return b.weight !== undefined && b.weight !== 1 ? `${said} (weight ${b.weight})` : said;
}

type Ref = { ecosystem?: 'crates' | 'npm'; name: string };
type Action = { package?: Ref; scope?: string; note?: string; replacement?: Ref; to?: string; packages?: Ref[] };
const CHOOSING = ['approval', 'irv', 'schulze'];

const PkgLink = (props: { r: Ref }) => <a href={packageHref(props.r.ecosystem ?? 'crates', props.r.name)}>{props.r.name}</a>;
const scopeText = (scope?: string) => (scope ? ` for ${/^[a-z0-9_]+-[a-z0-9_.-]+-/.test(scope) ? 'the target' : 'the category'} ${scope}` : '');
const list = (refs: Ref[]) => refs.map((r, i) => <>{i ? ', ' : ''}<PkgLink r={r} /></>);

/**
 * What a proposal does to the registry if it passes, as a sentence with links: shown at the top
 * of every proposal (drafts included) and in the council's list, so nobody votes on a title alone.
 */
export function ActionText(props: { kind: string; action: unknown; options: string[]; method: string }) {
  const a = (props.action ?? {}) as Action;
  const eco = a.package?.ecosystem ?? 'crates';
  const what = eco === 'npm' ? 'npm package' : 'crate';
  switch (props.kind) {
    case 'recommend':
      if (CHOOSING.includes(props.method)) return <>Recommends the winner among {list(props.options.map((name) => ({ ecosystem: eco, name })))}{scopeText(a.scope)}.</>;
      return a.package ? <>Recommends the {what} <PkgLink r={a.package} />{scopeText(a.scope)}.</> : <>Recommends a package{scopeText(a.scope)}.</>;
    case 'curate':
      return <>Recommends {a.packages?.length ? list(a.packages) : 'a list of packages'}{scopeText(a.scope)}.</>;
    case 'deprecate':
      return a.package ? <>Deprecates the {what} <PkgLink r={a.package} />{a.replacement ? <> in favour of <PkgLink r={a.replacement} /></> : ''}.</> : <>Deprecates a package.</>;
    case 'transfer':
      return a.package ? <>Transfers ownership of the {what} <PkgLink r={a.package} /> to the account <strong>{a.to}</strong>.</> : <>Transfers a package.</>;
    default:
      return <>Changes no package: a policy the council adopts if it passes.</>;
  }
}

/** A log event in words; `names` turns package ids (as `applied` records them) into names. */
export function eventText(e: Record<string, unknown>, names: Record<number, string> = {}): string {
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
      return `applied to the registry: ${(e.decisions as { kind: string; package: number; scope: string | null }[]).map((d) => `${names[d.package] ?? `package ${d.package}`} ${d.kind}${d.scope ? ` for ${d.scope}` : ''}`).join('; ')}`;
    case 'withdrawn':
      return `withdrawn by ${String(e.by)}`;
    default:
      return String(e.type);
  }
}

