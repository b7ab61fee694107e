import { statusOnTarget } from '../../api/compat/summary.js';
import { PROFILES, PROFILE_TARGETS } from '../../api/engine/compat/profiles.js';
import { StatusBadge } from './badges.js';
import { type ClaimView, CompatCell } from './compat.js';
import { byTier, tierName, type TargetSummary } from '../../api/targets/listing.js';

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
    <div class="table-wrap" role="region" tabindex={0} aria-label="Compatibility by profile">
      <table>
        <caption class="visually-hidden">Compatibility by profile</caption>
        <thead>
          <tr>
            <th scope="col">Where</th>
            <th scope="col">Status and evidence</th>
          </tr>
        </thead>
        <tbody>
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
        </tbody>
      </table>
    </div>
  );
}

/**
 * Per-target rows, one collapsible group per tier. A target answers from a claim that names it
 * (docs.rs targets, a maintainer, a CI report); otherwise from the profile it stands for, said
 * so; otherwise it is unknown: no evidence is invented.
 */
export function TargetRows(props: Claims & { targets: TargetSummary[] }) {
  const rows = props.targets.map((t) => {
    const { status, via } = statusOnTarget(props.summary, t.triple);
    return { t, status, own: via === 'target' ? claimsFor(props, `target:${t.triple}`) : undefined, profile: via === 'target' ? null : via };
  });
  return (
    <>
      {byTier(rows.map((r) => ({ ...r, tier: r.t.tier }))).map(([tier, group]) => {
        const known = group.filter((r) => r.status !== 'unknown').length;
        return (
          <details class="tier-rows" data-tier={tier ?? 'none'}>
            <summary>
              {tierName(tier)}: {group.length} targets, {known} with an answer
            </summary>
            <div class="table-wrap" role="region" tabindex={0} aria-label={`${tierName(tier)} targets`}>
              <table>
                <thead>
                  <tr>
                    <th scope="col">Target</th>
                    <th scope="col">Status</th>
                  </tr>
                </thead>
                <tbody>
                  {group.map((r) => (
                    <tr>
                      <td>
                        <a href={`/targets/${r.t.triple}`}>
                          <code>{r.t.triple}</code>
                        </a>
                      </td>
                      <td>
                        {r.own ? (
                          <CompatCell subject={`target:${r.t.triple}`} {...r.own} />
                        ) : (
                          <>
                            <StatusBadge status={r.status} />{' '}
                            {r.profile && (
                              <span class="small muted">
                                {PROFILE_TARGETS[r.profile].includes(r.t.triple) ? 'representative of' : 'follows'} the{' '}
                                <a href={`#profile-${r.profile}`}>{r.profile} profile</a>
                              </span>
                            )}
                          </>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </details>
        );
      })}
    </>
  );
}
