import { parseArgs } from 'node:util';
import { addMember, createCouncil, setEligibility } from '../../api/governance/service.js';
import { AppError } from '../../api/lib/problems.js';
import { operatorCommand, usage } from './command.js';

const USAGE = `Usage:
  ferrite council create <slug> <name> [--charter TEXT]
  ferrite council add-member <slug> <username> [--chair] [--until YYYY-MM-DD]
  ferrite council eligibility <slug> --min-weight N [--days 365] [--category SLUG] | --off`;

/** `ferrite council …`: operators set up councils, their appointed members and who else may vote. */
export async function councilCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { chair: { type: 'boolean' }, until: { type: 'string' }, charter: { type: 'string' }, 'min-weight': { type: 'string' }, days: { type: 'string' }, category: { type: 'string' }, off: { type: 'boolean' } },
  });
  const [verb, slug = '', arg = ''] = positionals;
  if (!(verb === 'create' && slug && arg) && !(verb === 'add-member' && slug && arg) && !(verb === 'eligibility' && slug && (values.off || values['min-weight']))) return usage(USAGE);
  return operatorCommand(async (database) => {
    if (verb === 'create') {
      const c = await createCouncil(database, { slug, name: arg, charter: values.charter });
      return `Council ${c.slug} (${c.name}) is ready`;
    }
    if (verb === 'eligibility') {
      const rule = values.off ? null : { minWeight: Number(values['min-weight']), days: Number(values.days ?? 365), ...(values.category ? { category: values.category } : {}) };
      if (rule && !(rule.minWeight > 0 && rule.days > 0)) throw new AppError('invalidRequest', { detail: '--min-weight and --days must be positive numbers' });
      await setEligibility(database, slug, rule);
      return rule ? `${slug}: people with ${rule.minWeight} weighted contributions${rule.category ? ` in ${rule.category}` : ''} in ${rule.days} days also vote` : `${slug}: appointed members only`;
    }
    await addMember(database, slug, arg, { role: values.chair ? 'chair' : 'member', from: new Date(), until: values.until ? new Date(values.until) : null });
    return `${arg} sits on ${slug}${values.chair ? ' as chair' : ''}`;
  });
}
