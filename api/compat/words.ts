/** Words for each status, so colour is never the only signal. */
const STATUS_WORDS: Record<string, string> = Object.freeze(Object.assign(Object.create(null),  { yes: 'works', partial: 'partial', no: 'does not work', unknown: 'unknown' }));
const NOSTD_WORDS: Record<string, string> = Object.freeze(Object.assign(Object.create(null),  { always: 'no_std', optional: 'no_std (optional)', no: 'needs std', unknown: 'no_std unknown' }));

export const statusWord = (status: string) => STATUS_WORDS[status] ?? status;
export const nostdWord = (status: string) => NOSTD_WORDS[status] ?? status;
