import { eq, sql } from 'drizzle-orm';
import type { Database } from '../api/db/client.js';
import { indexRuns, type RunProblem } from '../api/db/schema/index.js';

const KEEP_PROBLEMS = 500;

/** Records a run and its problems; problems are also written to stderr as they happen. */
export class RunLog {
  readonly problems: RunProblem[] = [];
  problemCount = 0;
  private id: number | null = null;

  constructor(private readonly database: Database, private readonly out: NodeJS.WritableStream = process.stderr) {}

  async begin(command: string, inputs: string[]) {
    const [row] = await this.database.db.insert(indexRuns).values({ command, inputs }).returning({ id: indexRuns.id });
    this.id = row!.id;
  }

  problem = (p: RunProblem) => {
    this.problemCount++;
    if (this.problems.length < KEEP_PROBLEMS) this.problems.push(p);
    this.out.write(`skipped: ${p.file}${p.line ? `:${p.line}` : ''}: ${p.reason}\n`);
  };

  async finish(status: 'completed' | 'failed', stats: Record<string, number>) {
    if (this.id === null) return;
    await this.database.db
      .update(indexRuns)
      .set({ status, stats: { ...stats, problems: this.problemCount }, problems: this.problems, finishedAt: sql`now()` })
      .where(eq(indexRuns.id, this.id));
  }
}
