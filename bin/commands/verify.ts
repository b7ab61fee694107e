import fs from 'node:fs';
import { formatVerification } from '../../api/governance/format.js';
import type { LogEntry } from '../../api/governance/log.js';
import { verifyLog } from '../../api/governance/verify.js';
import { verifyLogCommand } from '../../indexer/commands/verify-log.js';
import { usage } from './command.js';

/** `ferrite verify …`: a proposal's hash chain and tally from its public log, or (with --checkpoint/--receipt) the transparency log. */
export async function verifyCommand(args: string[]): Promise<number> {
  if (args.some((a) => /^--(checkpoint|receipt)\b/.test(a))) return verifyLogCommand(args);
  const [source] = args;
  if (!source) return usage('Usage: ferrite verify <log.json | https://…/api/v1/proposals/ID/log>');
  const text = /^https?:\/\//.test(source) ? await (await fetch(source)).text() : fs.readFileSync(source, 'utf8');
  const body = JSON.parse(text) as { entries: LogEntry[] };
  const v = verifyLog(body.entries);
  process.stdout.write(formatVerification(v));
  return v.chain.ok && (v.result === 'matches' || v.result === 'not closed') ? 0 : 1;
}
