import type { TallyResult } from './tally.js';

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
