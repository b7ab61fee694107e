import { profilesOfTarget } from '../../api/engine/compat/profiles.js';
import { Empty } from '../components/bits.js';
import { type PackageCard, PackageList } from '../components/package-list.js';
import { Pager, pageHref } from '../components/pager.js';
import { byTier, tierName, type TargetSummary } from '../../api/targets/listing.js';

const TIER_HELP: Record<string, string> = {
  '1': 'guaranteed to work: built and tested on every change to Rust',
  '2': 'guaranteed to build; not all tests run',
  '3': 'supported in the code base, not built or tested by the Rust project',
};
const STD_WORDS: Record<string, string> = { yes: 'full std', partial: 'partial std', no: 'no std (core/alloc only)', unknown: 'unknown' };

export function TargetsView(props: { targets: TargetSummary[]; profileCounts: Record<string, number> }) {
  return (
    <>
      <h1>Targets</h1>
      <p class="lead">Every target rustc knows, with its support tier and how much of the standard library it has. Open one to see the packages known to run there.</p>
      {byTier(props.targets).map(([tier, group]) => (
        <section aria-labelledby={`tier-${tier ?? 'none'}`}>
          <h2 id={`tier-${tier ?? 'none'}`}>
            {tierName(tier)} <span class="small muted">({group.length}) {tier ? `— ${TIER_HELP[tier]}` : ''}</span>
          </h2>
          <div class="table-wrap" role="region" tabindex={0} aria-label={`${tierName(tier)} targets`}>
            <table>
              <thead>
                <tr>
                  <th scope="col">Target</th>
                  <th scope="col">std</th>
                  <th scope="col">Profile</th>
                  <th scope="col">Notes</th>
                </tr>
              </thead>
              <tbody>
                {group.map((t) => {
                  const profiles = profilesOfTarget(t.triple);
                  return (
                    <tr>
                      <td>
                        <a href={`/targets/${t.triple}`}>
                          <code>{t.triple}</code>
                        </a>
                        {t.hostTools && <span class="small muted"> · host tools</span>}
                      </td>
                      <td class="small">{STD_WORDS[t.std] ?? t.std}</td>
                      <td class="small">{profiles.map((p) => `${p} (${(props.profileCounts[p] ?? 0).toLocaleString('en')} packages)`).join(', ')}</td>
                      <td class="small">{t.notes ?? ''}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </section>
      ))}
    </>
  );
}

export function TargetView(props: {
  target: { triple: string; tier: string | null; hostTools: boolean | null; std: string; notes: string | null; cfg: Record<string, string[]> };
  items: PackageCard[];
  total: number;
  page: number;
  nextPage: number | null;
}) {
  const t = props.target;
  const profiles = profilesOfTarget(t.triple);
  return (
    <>
      <h1>
        <code>{t.triple}</code>
      </h1>
      <p class="lead">
        {tierName(t.tier)}
        {t.tier ? ` (${TIER_HELP[t.tier]})` : ''}; {STD_WORDS[t.std] ?? t.std}
        {t.hostTools ? '; host tools available' : ''}.{t.notes ? ` ${t.notes}.` : ''}
      </p>
      <h2 id="packages">Packages known to run here</h2>
      <p class="small muted">
        {profiles.length
          ? `A package is listed when evidence names this target, or when it works, fully or partly as its badges say, on the ${profiles.join(' and ')} profile this target belongs to.`
          : 'A package is listed when evidence names this target (docs.rs builds, prebuilt binding packages, maintainer declarations, CI reports).'}{' '}
        <a href={`/feeds/targets/${t.triple}.atom`}>Atom feed</a>
      </p>
      {props.total ? <PackageList items={props.items} /> : <Empty>No package is known to run on this target yet.</Empty>}
      <Pager href={pageHref(`/targets/${t.triple}`)} page={props.page} nextPage={props.nextPage} />
      <h2 id="cfg">cfg values</h2>
      <p class="small muted">
        As <code>rustc --print cfg --target {t.triple}</code> prints them; <code>#[cfg(...)]</code> and <code>[target.'cfg(...)'.dependencies]</code> are evaluated
        against these.
      </p>
      <div class="table-wrap" role="region" tabindex={0} aria-label="cfg values">
        <table>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Values</th>
            </tr>
          </thead>
          <tbody>
            {Object.entries(t.cfg)
              .sort(([a], [b]) => a.localeCompare(b))
              .map(([k, v]) => (
                <tr>
                  <td>
                    <code>{k}</code>
                  </td>
                  <td>
                    {v.length ? (
                      v.map((x) => <code>"{x}" </code>)
                    ) : (
                      <span class="muted small">set</span>
                    )}
                  </td>
                </tr>
              ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
