import type { TargetAnswer } from '../../api/engine/compat/target-answer.js';
import { PROFILES, PROFILE_TARGETS } from '../../api/engine/compat/profiles.js';
import { StatusBadge } from './badges.js';
import { type ClaimView, CompatCell } from './compat.js';
import { byTier, tierName } from '../../api/targets/listing.js';
import { DataTable } from './data-table.js';

const PROFILE_HELP: Record<string, string> = {
  cloud: 'Linux servers (x86_64, aarch64)',
  wasm: 'the browser (wasm32-unknown-unknown)',
  embedded: 'bare-metal microcontrollers (no OS)',
  wasi: 'WebAssembly outside the browser',
  mobile: 'Android and iOS',
};

type Claims = { summary: ClaimView[]; claims: ClaimView[] };

const claimsFor = (c: Claims, subject: string) => ({ best: c.summary.find((x) => x.subject === subject), all: c.claims.filter((x) => x.subject === subject) });

/** Profiles × status, then no_std, accelerators, native libraries and MSRV, each cell with its evidence. */
export function ProfileMatrix(props: Claims) {
  const extra = props.summary.filter((c) => c.subject.startsWith('accel:') || c.subject.startsWith('native:'));
  return (
    <DataTable label="Compatibility by profile" columns={['Where', 'Status and evidence']} caption="Compatibility by profile">
      {PROFILES.map((p) => (
        <tr id={`profile-${p}`}>
          <th scope="row">
            {p} <span class="small muted">— {PROFILE_HELP[p]}</span>
          </th>
          <td>
            <CompatCell subject={`profile:${p}`} {...claimsFor(props, `profile:${p}`)} />
          </td>
        </tr>
      ))}
      <tr id="nostd">
        <th scope="row">no_std</th>
        <td>
          <CompatCell subject="nostd" {...claimsFor(props, 'nostd')} />
        </td>
      </tr>
      {extra.map((c) => (
        <tr>
          <th scope="row">{c.subject.startsWith('accel:') ? `accelerator ${c.subject.slice(6)}` : `native library ${c.subject.slice(7)}`}</th>
          <td>
            <CompatCell subject={c.subject} {...claimsFor(props, c.subject)} />
          </td>
        </tr>
      ))}
    </DataTable>
  );
}

const BASIS_WORDS: Record<string, string> = {
  pinned: 'pinned to one chip family',
  'host-only': 'a procedural macro: runs on the build host',
  nostd: 'from its no_std answer',
  'os-deps': 'from dependencies declared for this OS',
};

/**
 * Per-target rows, one collapsible group per tier, each answered by the engine's per-target rule
 * (api/engine/compat/target-answer.ts): a claim that names the target, the chip family the crate
 * is pinned to, the profile the target stands for, or unknown with the reason. Nothing is invented.
 */
export function TargetRows(props: Claims & { answers: TargetAnswer[] }) {
  return (
    <>
      {byTier(props.answers).map(([tier, group]) => {
        const known = group.filter((r) => r.status !== 'unknown').length;
        return (
          <details class="tier-rows" data-tier={tier ?? 'none'}>
            <summary>
              {tierName(tier)}: {group.length} targets, {known} with an answer
            </summary>
            <DataTable label={`${tierName(tier)} targets`} columns={['Target', 'Status']}>
              {group.map((r) => (
                <tr>
                  <td>
                    <a href={`/targets/${r.triple}`}>
                      <code>{r.triple}</code>
                    </a>
                  </td>
                  <td>
                    {r.basis === 'target' ? (
                      <CompatCell subject={`target:${r.triple}`} {...claimsFor(props, `target:${r.triple}`)} />
                    ) : (
                      <>
                        <StatusBadge status={r.status} />{' '}
                        {r.basis === 'profile' && r.profile ? (
                          <span class="small muted">
                            {PROFILE_TARGETS[r.profile].includes(r.triple) ? 'representative of' : 'follows'} the <a href={`#profile-${r.profile}`}>{r.profile} profile</a>
                          </span>
                        ) : (
                          <span class="small muted">
                            {BASIS_WORDS[r.basis] ? `${BASIS_WORDS[r.basis]}: ` : ''}
                            {r.evidence[0]?.detail ?? ''}
                          </span>
                        )}
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </DataTable>
          </details>
        );
      })}
    </>
  );
}
