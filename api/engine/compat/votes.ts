/** One reason behind a claim: which field, dependency, feature or category, with its value. */
export type Evidence = { source: string; detail: string };
export type Claim = { subject: string; status: string; evidence: Evidence[] };

/**
 * The evidence gathered for one subject, grouped by the status it argues for. `decide` picks the
 * first status in precedence order that has a vote; with none, the answer is `unknown`.
 */
export class SubjectVotes {
  private readonly votes = new Map<string, Evidence[]>();
  private readonly supports = new Map<string, Evidence[]>();
  private chosen: string | null = null;

  add(status: string, e: Evidence): void {
    const list = this.votes.get(status) ?? [];
    if (!list.some((x) => x.detail === e.detail)) list.push(e);
    this.votes.set(status, list);
  }

  /** Evidence that backs `status` if it wins, without voting for it. */
  support(status: string, e: Evidence): void {
    this.supports.set(status, [...(this.supports.get(status) ?? []), e]);
  }

  decide(order: string[]): string {
    this.chosen = order.find((s) => this.votes.has(s)) ?? [...this.votes.keys()][0] ?? 'unknown';
    return this.chosen;
  }

  evidenceFor(status: string): Evidence[] {
    return [...(this.votes.get(status) ?? []), ...(this.supports.get(status) ?? [])];
  }

  get status(): string {
    return this.chosen ?? this.decide([]);
  }
}

/** All subjects of one analysis, in the order they were first named. */
export class Votes {
  private readonly subjects = new Map<string, SubjectVotes>();

  subject(name: string): SubjectVotes {
    let s = this.subjects.get(name);
    if (!s) this.subjects.set(name, (s = new SubjectVotes()));
    return s;
  }

  /** The non-unknown answers, each with at most `max` evidence entries. */
  claims(max: number): Claim[] {
    const out: Claim[] = [];
    for (const [subject, votes] of this.subjects) {
      const status = votes.status;
      if (status !== 'unknown') out.push({ subject, status, evidence: votes.evidenceFor(status).slice(0, max) });
    }
    return out;
  }
}
