import { grantOwnership } from '../../api/owners/service.js';
import { operatorCommand, usage } from './command.js';

/** `ferrite owners add <crates|npm>/<name> <username>`: an operator makes an account an owner. */
export async function ownersCommand(args: string[]): Promise<number> {
  const [verb, pkg = '', username = ''] = args;
  const [ecosystem, ...rest] = pkg.split('/');
  const name = rest.join('/');
  if (verb !== 'add' || (ecosystem !== 'crates' && ecosystem !== 'npm') || !name || !username) return usage('Usage: ferrite owners add <crates|npm>/<name> <username>');
  return operatorCommand(async (database) => {
    const added = await grantOwnership(database, ecosystem, name, username);
    return added ? `${username} now owns ${pkg}` : `${username} already owned ${pkg}`;
  });
}
