import type { TallyResult } from './tally.js';
import type { Verification } from './verify.js';

/** A result as a person reads it in a terminal. */
export function formatTally(r: TallyResult): string {
  const lines = [
    r.quorumMet ? (r.winner ? `Winner: ${r.winner}` : r.tied.length ? `No winner: ${r.tied.join(', ')} tie` : 'No winner') : 'No quorum: no result',
    `Passed: ${r.passed ? 'yes' : 'no'}`,
    `Ranking: ${r.ranking.join(' > ')}`,
  ];
  r.rounds.forEach((round, i) => {
    if ('counts' in round) {
      const counts = Object.entries(round.counts as Record<string, number>).map(([o, n]) => `${o} ${n}`).join(', ');
      lines.push(`Round ${i + 1}: ${counts}${round.eliminated ? ` → ${String(round.eliminated)} eliminated` : ''}${round.exhausted ? ` (${String(round.exhausted)} exhausted)` : ''}`);
    }
  });
  return `${lines.join('\n')}\n`;
}

export function formatVerification(v: Verification): string {
  const lines = [v.chain.ok ? 'Hash chain: intact' : `Hash chain: BROKEN at entry ${v.chain.seq}: ${v.chain.reason}`];
  if (v.result === 'matches') lines.push(`Result: the recount matches the published result (${String(v.published!.status)})`);
  else if (v.result === 'differs') lines.push(`Result: the recount DIFFERS: published ${JSON.stringify(v.published)}, recounted ${JSON.stringify(v.recounted)}`);
  else if (v.result === 'not closed') lines.push('Result: the proposal is not closed yet');
  else lines.push(`Result: cannot recount: ${v.detail}`);
  return `${lines.join('\n')}\n`;
}
