import type { councilView, proposalView } from '../../../api/governance/queries.js';
import { formatDate } from '../../components/bits.js';

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

export function eventText(e: Record<string, unknown>): string {
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

