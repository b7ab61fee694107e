/** Words for each status, so colour is never the only signal. */
const STATUS_WORDS: Record<string, string> = Object.freeze(Object.assign(Object.create(null),  { yes: 'works', partial: 'partial', no: 'does not work', unknown: 'unknown' }));
const NOSTD_WORDS: Record<string, string> = Object.freeze(Object.assign(Object.create(null),  { always: 'no_std', optional: 'no_std (optional)', no: 'needs std', unknown: 'no_std unknown' }));

export const statusWord = (status: string) => STATUS_WORDS[status] ?? status;
export const nostdWord = (status: string) => NOSTD_WORDS[status] ?? status;

const PROFILE_WORDS: Record<string, string> = { cloud: 'cloud servers', wasm: 'the browser (wasm)', embedded: 'embedded bare metal', wasi: 'WASI', mobile: 'mobile' };

/** A claim's subject (`profile:wasm`, `target:…`, `accel:cuda`, `native:openssl`, `nostd`, `msrv`) as a person says it. */
export function subjectWord(subject: string): string {
  const [kind, value = ''] = subject.split(/:(.*)/s);
  switch (kind) {
    case 'profile':
      return PROFILE_WORDS[value] ?? `the ${value} profile`;
    case 'target':
      return `the target ${value}`;
    case 'accel':
      return `${value} acceleration`;
    case 'native':
      return `the native library ${value}`;
    case 'nostd':
      return 'no_std support';
    case 'msrv':
      return 'the minimum Rust version';
    default:
      return subject;
  }
}
