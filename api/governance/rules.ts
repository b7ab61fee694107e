import { z } from 'zod';
import { METHODS } from './tally.js';

/** A proposal's rules, frozen into its log when it opens. */
export const Rules = z
  .object({
    method: z.enum([...METHODS, 'consent']),
    /** Ballots needed (by count; ≤ 1 is a share of the electorate). */
    quorum: z.number().nonnegative().default(0),
    /** majority/supermajority: share of the votes cast (default) or of the electorate. */
    base: z.enum(['cast', 'electorate']).default('cast'),
    minDays: z.number().min(0).max(60).default(0),
    maxDays: z.number().min(0.01).max(90).default(14),
    secret: z.boolean().default(false),
    reasonsRequired: z.boolean().default(false),
    /** Close as soon as the outcome can no longer change. */
    earlyClose: z.boolean().default(true),
    /** consent/FCP: how many members may not have reviewed, and the final comment period. */
    fcpMissing: z.number().int().min(0).max(10).default(2),
    fcpDays: z.number().min(0.01).max(30).default(10),
  })
  .strict();
export type Rules = z.infer<typeof Rules>;

export const YES_NO = ['yes', 'no', 'abstain'];
export const CONSENT = ['reviewed', 'dissent'];
