import fs from 'node:fs';
import { parseArgs } from 'node:util';
import type { LogEntry } from '../../api/governance/log.js';
import { verifyLog } from '../../api/governance/verify.js';
import { fromHex, type Hash, hashRange, inclusionRanges, leafHash, MemoryTree, sameHash, toHex, verifyConsistency, verifyInclusion } from '../../api/transparency/merkle.js';
import { type Checkpoint, NoteError, openNote, parseCheckpointText, parseVerifierKey, type Verifier } from '../../api/transparency/note.js';

/**
 * `ferrite verify --checkpoint <file|url>… | --receipt <file> [hub-url]`: holds a hub to what it
 * signed before. The saved checkpoint (or a receipt's) must be a prefix of the log the hub serves
 * now (RFC 9162 consistency proof), every leaf it serves must hash to its signed root, a receipt's
 * entry must still be there unchanged, and every proposal's chain and recount must hold.
 * Rewriting, truncating or forking the log each fail with exit 1 naming the first point that
 * no longer matches; input that cannot be checked at all exits 2.
 */

type Fetch = (url: string) => Promise<Response>;
export type VerifyLogOptions = { checkpoints: string[]; receipt?: string; hub?: string; key?: string; fetch?: Fetch; readFile?: (path: string) => string };
export type VerifyLogResult = { code: 0 | 1 | 2; lines: string[] };

export const VERIFY_LOG_USAGE = 'Usage: ferrite verify --checkpoint <file|url>… | --receipt <file> [--key <verifier key>] [hub URL, or FERRITE_URL]\n';

class CannotVerify extends Error {}
/** Proven: the hub's log is not what it signed before. `at` names the first point that differs. */
class Inconsistent extends Error {
  constructor(readonly at: string, message: string) {
    super(message);
  }
}

type Saved = { label: string; checkpoint: Checkpoint };
type ReceiptFile = { receipt?: string | null; leafIndex: number; treeSize: number; entry: string; inclusionProof: string[]; checkpoint: string | null; verifierKey?: string };
type Leaf = { index: number; leafHash: string; data: string; entryHash: string | null };

const ENTRIES_PAGE = 1_000;
const short = (h: Uint8Array | string) => `${(typeof h === 'string' ? h : toHex(h)).slice(0, 16)}…`;
const span = (lo: number, hi: number) => (hi - lo === 1 ? `entry ${lo}` : `entries ${lo}–${hi - 1}`);

export async function verifyLogCommand(args: string[], env: Record<string, string | undefined> = process.env, io = { out: process.stdout, err: process.stderr }): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: { checkpoint: { type: 'string', multiple: true }, receipt: { type: 'string' }, key: { type: 'string' } } });
  } catch (err) {
    io.err.write(`${(err as Error).message}\n${VERIFY_LOG_USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const hub = positionals[0] ?? env.FERRITE_URL;
  if ((!values.checkpoint?.length && !values.receipt) || positionals.length > 1) {
    io.err.write(VERIFY_LOG_USAGE);
    return 2;
  }
  const r = await verifyTransparencyLog({ checkpoints: values.checkpoint ?? [], receipt: values.receipt, key: values.key, hub });
  (r.code === 2 ? io.err : io.out).write(`${r.lines.join('\n')}\n`);
  return r.code;
}

export async function verifyTransparencyLog(o: VerifyLogOptions): Promise<VerifyLogResult> {
  const lines: string[] = [];
  try {
    await run(o, lines);
    return { code: 0, lines };
  } catch (err) {
    if (err instanceof Inconsistent) return { code: 1, lines: [...lines, `INCONSISTENT at ${err.at}: ${err.message}`] };
    if (err instanceof CannotVerify || err instanceof NoteError) return { code: 2, lines: [...lines, `cannot verify: ${err.message}`] };
    throw err;
  }
}

async function run(o: VerifyLogOptions, lines: string[]) {
  const doFetch: Fetch = o.fetch ?? ((url) => fetch(url));
  const read = async (source: string) => {
    if (/^https?:\/\//.test(source)) return (await get(doFetch, source)).text();
    try {
      return (o.readFile ?? ((p: string) => fs.readFileSync(p, 'utf8')))(source);
    } catch (err) {
      throw new CannotVerify(`${source}: ${(err as Error).message}`);
    }
  };
  if (!o.hub) throw new CannotVerify('name the hub (its URL as an argument, or FERRITE_URL)');
  const hub = o.hub.replace(/\/+$/, '');
  const receipt = o.receipt ? parseReceipt(await read(o.receipt), o.receipt) : null;

  // The key: pinned by the caller, else the receipt's, else the hub's own word (said so).
  const hubKey = async () => ((await getJson(doFetch, `${hub}/api/v1/log/public-key`)) as { verifierKey: string }).verifierKey;
  const vkey = o.key ?? receipt?.file.verifierKey ?? (await hubKey());
  const verifier = parseVerifierKey(vkey);
  lines.push(`Key:        ${verifier.name}+${verifier.keyHash.toString(16).padStart(8, '0')} (${o.key ? 'pinned with --key' : receipt?.file.verifierKey ? 'from the receipt' : 'as the hub publishes it now; pin it with --key'})`);

  const saved: Saved[] = [];
  for (const source of o.checkpoints) saved.push({ label: `checkpoint ${source}`, checkpoint: openCheckpoint(noteOf(await read(source)), verifier, source) });
  if (receipt) {
    const { file } = receipt;
    if (!file.checkpoint) throw new CannotVerify(`${o.receipt}: the receipt carries no signed checkpoint`);
    const cp = openCheckpoint(file.checkpoint, verifier, o.receipt!);
    if (cp.size !== file.treeSize) throw new CannotVerify(`${o.receipt}: its proof is for ${file.treeSize} entries, its checkpoint for ${cp.size}`);
    if (!verifyInclusion(file.leafIndex, file.treeSize, receipt.leaf, receipt.proof, cp.root)) throw new CannotVerify(`${o.receipt}: its inclusion proof does not lead to its checkpoint's root`);
    lines.push(`Receipt:    entry ${file.leafIndex} in a signed tree of ${cp.size} entries (the proof holds)`);
    saved.push({ label: `the receipt's checkpoint`, checkpoint: cp });
  }
  forksAmong(saved);

  const current = await currentCheckpoint(doFetch, hub, verifier);
  lines.push(`Current:    ${current.origin}, ${current.size} entries, root ${short(current.root)} (signature valid)`);
  for (const s of saved) {
    if (s.checkpoint.origin !== current.origin) throw new CannotVerify(`${s.label} is of the log ${s.checkpoint.origin}, the hub serves ${current.origin}`);
  }

  // Truncation shows in sizes alone, before anything is downloaded.
  for (const s of saved) {
    if (s.checkpoint.size > current.size) {
      throw new Inconsistent(`entry ${current.size}`, `the log now has ${current.size} entries; ${s.label} was signed at ${s.checkpoint.size}: ${span(current.size, s.checkpoint.size)} ${s.checkpoint.size - current.size === 1 ? 'is' : 'are'} gone (the log was truncated or its tail dropped)`);
    }
  }
  const leaves = await allLeaves(doFetch, hub, current.size);
  const tree = new MemoryTree();
  for (const l of leaves) tree.append(fromHex(l.leafHash));
  if (!sameHash(tree.root(), current.root)) throw new Inconsistent('the current checkpoint', 'the entries the hub serves do not hash to the root it signs');
  lines.push(`Entries:    ${leaves.length} read; each hashes to its leaf, together to the signed root`);

  const broken: Saved[] = [];
  let intact = 0;
  for (const s of saved) {
    const { size, root } = s.checkpoint;
    const proof = size === current.size ? [] : await consistencyProof(doFetch, hub, size, current.size);
    if (!verifyConsistency(size, current.size, root, current.root, proof)) {
      broken.push(s);
      continue;
    }
    intact = Math.max(intact, size);
    lines.push(`Consistent: ${s.label} (${size} entries) is a prefix of the current log: it only grew`);
  }
  if (broken.length) throw locate(broken, intact, current, tree, receipt);
  if (receipt) {
    const { leafIndex } = receipt.file;
    if (!sameHash(tree.leaf(leafIndex), receipt.leaf)) throw new Inconsistent(`entry ${leafIndex}`, 'the receipt\'s entry is no longer the one the log holds there');
    lines.push(`Receipt:    entry ${leafIndex}${receipt.file.receipt ? ` (${short(receipt.file.receipt)})` : ''} is still in the log, unchanged`);
  }
  recountAll(leaves, lines);
}

/**
 * Where the current log parts from what was signed: after every entry a consistent checkpoint
 * covers, before the end of the smallest inconsistent one, and, with a receipt, within the
 * leftmost subtree of its proof (or its own entry) that no longer hashes as it did.
 */
function locate(broken: Saved[], intact: number, current: Checkpoint, tree: MemoryTree, receipt: { file: ReceiptFile; leaf: Hash; proof: Hash[] } | null): Inconsistent {
  const first = broken.reduce((a, b) => (b.checkpoint.size < a.checkpoint.size ? b : a));
  let lo = intact;
  let hi = first.checkpoint.size;
  if (receipt && receipt.file.treeSize <= current.size) {
    const { leafIndex, treeSize } = receipt.file;
    const parts = inclusionRanges(leafIndex, treeSize).map(([a, b], k) => ({ lo: a, hi: b, then: receipt.proof[k]! }));
    parts.push({ lo: leafIndex, hi: leafIndex + 1, then: receipt.leaf });
    const changed = parts.filter((p) => !sameHash(hashRange(p.lo, p.hi, tree.get), p.then)).sort((a, b) => a.lo - b.lo)[0];
    if (changed) {
      lo = Math.max(lo, changed.lo);
      hi = Math.min(hi, changed.hi);
    }
  }
  return new Inconsistent(
    span(lo, hi),
    `the current log (${current.size} entries) does not extend ${first.label} (${first.checkpoint.size} entries): the first ${hi - lo === 1 ? `change is ${span(lo, hi)}` : `change lies in ${span(lo, hi)}`}, which no longer ${hi - lo === 1 ? 'hashes' : 'hash'} as signed — rewritten, dropped and re-appended, or a different tree shown to you (a fork)`,
  );
}

/** Two signed checkpoints of one size with different roots prove a fork by themselves. */
function forksAmong(saved: Saved[]) {
  for (const [i, a] of saved.entries()) {
    for (const b of saved.slice(i + 1)) {
      if (a.checkpoint.size === b.checkpoint.size && !sameHash(a.checkpoint.root, b.checkpoint.root)) {
        throw new Inconsistent(span(0, a.checkpoint.size), `${a.label} and ${b.label} are both signed for ${a.checkpoint.size} entries with different roots: the hub showed two different trees (a fork)`);
      }
    }
  }
}

/** Every proposal's chain and, when closed, its recount, from the leaves alone. */
function recountAll(leaves: Leaf[], lines: string[]) {
  const byProposal = new Map<number, LogEntry[]>();
  for (const l of leaves) {
    const d = JSON.parse(l.data) as { log?: string; proposal: number } & LogEntry;
    if (d.log !== 'governance') continue;
    if (l.entryHash !== null && l.entryHash !== d.hash) throw new Inconsistent(`entry ${l.index}`, 'its entry hash is not the one its data records');
    const list = byProposal.get(d.proposal) ?? [];
    list.push({ seq: d.seq, at: d.at, event: d.event, prevHash: d.prevHash, hash: d.hash });
    byProposal.set(d.proposal, list);
  }
  let closed = 0;
  for (const [proposal, entries] of byProposal) {
    const v = verifyLog(entries);
    if (!v.chain.ok) throw new Inconsistent(`proposal ${proposal}, entry ${v.chain.seq}`, `its hash chain breaks: ${v.chain.reason}`);
    if (v.result === 'differs') throw new Inconsistent(`proposal ${proposal}`, `the recount differs: published ${JSON.stringify(v.published)}, recounted ${JSON.stringify(v.recounted)}`);
    if (v.result === 'cannot recount') throw new Inconsistent(`proposal ${proposal}`, `cannot recount: ${v.detail}`);
    if (v.result === 'matches') closed++;
  }
  lines.push(`Proposals:  ${byProposal.size} hash chains intact; ${closed} closed, every recount matches the published result`);
}

function parseReceipt(text: string, source: string) {
  let file: ReceiptFile;
  try {
    file = JSON.parse(text) as ReceiptFile;
  } catch {
    throw new CannotVerify(`${source}: not a receipt (JSON from a ballot or /api/v1/log/proof/inclusion)`);
  }
  const hexes = Array.isArray(file.inclusionProof) && file.inclusionProof.every((h) => typeof h === 'string' && /^[0-9a-f]{64}$/.test(h));
  if (!Number.isSafeInteger(file.leafIndex) || !Number.isSafeInteger(file.treeSize) || typeof file.entry !== 'string' || !hexes) {
    throw new CannotVerify(`${source}: not a receipt (leafIndex, treeSize, entry, inclusionProof, checkpoint)`);
  }
  return { file, leaf: leafHash(Buffer.from(file.entry, 'utf8')), proof: file.inclusionProof.map(fromHex) };
}

/** A saved checkpoint is the note itself or the JSON /api/v1/log/checkpoint answers. */
function noteOf(text: string): string {
  if (!text.trimStart().startsWith('{')) return text;
  try {
    return String((JSON.parse(text) as { note?: unknown }).note ?? '');
  } catch {
    return text;
  }
}

function openCheckpoint(note: string, verifier: Verifier, source: string): Checkpoint {
  try {
    return parseCheckpointText(openNote(note, verifier));
  } catch (err) {
    if (err instanceof NoteError) throw new CannotVerify(`${source}: ${err.message}`);
    throw err;
  }
}

async function currentCheckpoint(f: Fetch, hub: string, verifier: Verifier): Promise<Checkpoint> {
  const body = (await getJson(f, `${hub}/api/v1/log/checkpoint`)) as { note?: string };
  try {
    return parseCheckpointText(openNote(String(body.note ?? ''), verifier));
  } catch (err) {
    if (!(err instanceof NoteError)) throw err;
    // A hub that stops signing with the key you hold cannot show it kept your log.
    throw new Inconsistent('the current checkpoint', `the hub's checkpoint does not verify with this key: ${err.message}`);
  }
}

async function consistencyProof(f: Fetch, hub: string, from: number, to: number): Promise<Hash[]> {
  const body = (await getJson(f, `${hub}/api/v1/log/proof/consistency?from=${from}&to=${to}`)) as { proof?: unknown };
  if (!Array.isArray(body.proof) || !body.proof.every((h) => typeof h === 'string' && /^[0-9a-f]{64}$/.test(h))) throw new CannotVerify('the hub answered no consistency proof');
  return body.proof.map((h: string) => fromHex(h));
}

async function allLeaves(f: Fetch, hub: string, size: number): Promise<Leaf[]> {
  const out: Leaf[] = [];
  for (let start = 0; start < size; start += ENTRIES_PAGE) {
    const end = Math.min(size, start + ENTRIES_PAGE);
    const page = (await getJson(f, `${hub}/api/v1/log/entries?start=${start}&end=${end}`)) as { items?: Leaf[] };
    const items = page.items ?? [];
    if (items.length !== end - start || items.some((it, k) => it.index !== start + k)) throw new CannotVerify(`the hub served no complete page of entries ${start}–${end - 1}`);
    for (const it of items) {
      if (toHex(leafHash(Buffer.from(it.data, 'utf8'))) !== it.leafHash) throw new Inconsistent(`entry ${it.index}`, 'its data does not hash to its leaf hash');
    }
    out.push(...items);
  }
  return out;
}

async function get(f: Fetch, url: string): Promise<Response> {
  let res: Response;
  try {
    res = await f(url);
  } catch (err) {
    throw new CannotVerify(`${url}: ${(err as Error).message}`);
  }
  if (!res.ok) throw new CannotVerify(`${url}: ${res.status} ${(await res.text()).slice(0, 200)}`);
  return res;
}

async function getJson(f: Fetch, url: string): Promise<unknown> {
  const res = await get(f, url);
  try {
    return await res.json();
  } catch {
    throw new CannotVerify(`${url}: not JSON`);
  }
}
