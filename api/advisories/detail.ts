import type { DbOrTx } from '../db/client.js';
import { proposalsCiting } from '../governance/citations.js';
import type { Viewer } from '../governance/queries.js';
import { requireAdvisory, toAdvisoryDto } from './service.js';

/** One advisory as the API gives it: the stored record and the council proposals citing it, as the viewer may see them. */
export async function advisoryDetail(db: DbOrTx, idOrAlias: string, viewer?: Viewer) {
  const a = await requireAdvisory(db, idOrAlias);
  return { ...toAdvisoryDto(a), citedBy: await proposalsCiting(db, a.id, viewer) };
}
