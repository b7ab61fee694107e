import cvss from 'ae-cvss-calculator';

export type Severity = { version: string; score: number; rating: 'none' | 'low' | 'medium' | 'high' | 'critical' };

/** FIRST's qualitative scale, the same for CVSS v3.x and v4.0. */
function rating(score: number): Severity['rating'] {
  if (score === 0) return 'none';
  if (score < 4) return 'low';
  if (score < 7) return 'medium';
  if (score < 9) return 'high';
  return 'critical';
}

/** The base score and rating of a CVSS v3.x or v4.0 vector; null when there is none or it does not parse. */
export function severityOf(vector: string | null): Severity | null {
  if (!vector) return null;
  try {
    const parsed = cvss.fromVector(vector);
    const score = parsed?.calculateScores().base;
    if (!parsed || typeof score !== 'number' || Number.isNaN(score)) return null;
    return { version: parsed.getVectorName().replace(/^CVSS:/, ''), score, rating: rating(score) };
  } catch {
    return null;
  }
}
