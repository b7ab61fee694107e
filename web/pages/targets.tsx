import { profilesOfTarget } from '../../api/engine/compat/profiles.js';
import { Empty } from '../components/bits.js';
import { type PackageCard, PackageList } from '../components/package-list.js';
import { Pager } from '../components/pager.js';
import { type ListSort, ListSummary, plural, sortedPageHref } from '../components/list-sort.js';
import { byTier, tierName, type TargetSummary } from '../../api/targets/listing.js';
import type { TargetFacets, TargetFilters } from '../../api/targets/filters.js';
import { DataTable } from '../components/data-table.js';

const TIER_HELP: Record<string, string> = {
  '1': 'guaranteed to work: built and tested on every change to Rust',
  '2': 'guaranteed to build; not all tests run',
  '3': 'supported in the code base, not built or tested by the Rust project',
};
const STD_WORDS: Record<string, string> = { yes: 'full std', partial: 'partial std', no: 'no std (core/alloc only)', unknown: 'unknown' };

const FILTER_LABELS = { tier: 'Tier', os: 'Operating system', arch: 'Architecture', std: 'Standard library' } as const;
const VALUE_WORDS: Record<string, Record<string, string>> = {
  tier: { '1': 'Tier 1', '2': 'Tier 2', '3': 'Tier 3', unlisted: 'Unlisted' },
  os: { none: 'none (bare metal)' },
  std: { std: 'std (full or partial)', no_std: 'no_std (core/alloc only)', unknown: 'unknown' },
};
const valueWord = (k: string, v: string) => VALUE_WORDS[k]?.[v] ?? v;

/** The filters as a plain GET form: each choice with how many targets it leaves; works without JavaScript. */
function TargetFilterForm(props: { filters: TargetFilters; facets: TargetFacets }) {
  return (
    <form method="get" action="/targets" class="filters target-filters" aria-label="Filter targets">
      {(Object.keys(FILTER_LABELS) as (keyof typeof FILTER_LABELS)[]).map((k) => {
        const counts = props.facets[k];
        const values = Object.keys(counts).sort((a, b) => (k === 'tier' ? a.localeCompare(b) : counts[b]! - counts[a]! || a.localeCompare(b)));
        return (
          <div>
            <label for={`filter-${k}`}>{FILTER_LABELS[k]}</label>
            <select id={`filter-${k}`} name={k}>
              <option value="">any</option>
              {values.map((v) => (
                <option value={v} selected={props.filters[k] === v}>
                  {valueWord(k, v)} ({counts[v]})
                </option>
              ))}
            </select>
          </div>
        );
      })}
      <div>
        <button type="submit">Filter</button>
      </div>
    </form>
  );
}

export function TargetsView(props: { targets: TargetSummary[]; total: number; filters: TargetFilters; facets: TargetFacets; profileCounts: Record<string, number> }) {
  const filtered = Object.values(props.filters).some((v) => v !== undefined);
  return (
    <>
      <h1>Targets</h1>
      <p class="lead">Every target rustc knows, with its support tier and how much of the standard library it has. Open one to see the packages known to run there.</p>
      <TargetFilterForm filters={props.filters} facets={props.facets} />
      <p class="small muted" role="status">
        {filtered ? (
          <>
            {props.targets.length} of {props.total} targets match. <a href="/targets">Show all</a>
          </>
        ) : (
          `${props.total} targets. Tier 1 is shown open; open the other tiers or filter.`
        )}
      </p>
      {!props.targets.length && <Empty>No target matches these filters.</Empty>}
      {byTier(props.targets).map(([tier, group]) => (
        <details class="tier-group" open={filtered || tier === '1'}>
          <summary>
            <h2 id={`tier-${tier ?? 'none'}`}>
              {tierName(tier)} <span class="small muted">({group.length}) {tier ? `— ${TIER_HELP[tier]}` : ''}</span>
            </h2>
          </summary>
          <DataTable label={`${tierName(tier)} targets`} columns={['Target', 'std', 'Profile', 'Notes']} cards>
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
                  <td class="small" data-label="std">{STD_WORDS[t.std] ?? t.std}</td>
                  <td class="small" data-label="Profile">{profiles.map((p) => `${p} (${plural(props.profileCounts[p] ?? 0, 'package')})`).join(', ')}</td>
                  <td class="small" data-label="Notes">{t.notes ?? ''}</td>
                </tr>
              );
            })}
          </DataTable>
        </details>
      ))}
    </>
  );
}

export function TargetView(props: {
  target: { triple: string; tier: string | null; hostTools: boolean | null; std: string; notes: string | null; cfg: Record<string, string[]> };
  items: PackageCard[];
  total: number;
  sort: ListSort;
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
        A package is listed when its answer for this very target is yes or partial: evidence that names the target (a maintainer, a CI report, prebuilt
        binaries), {profiles.length ? `the ${profiles.join(' and ')} profile it stands for, ` : ''}no_std code on bare metal, or the chip family a crate is
        written for. A crate pinned to other chips is never listed here.{' '}
        <a href={`/feeds/targets/${t.triple}.atom`}>Atom feed</a> · <a href={`/feeds/advisories/targets/${t.triple}.atom`}>Advisories feed</a>
      </p>
      <ListSummary base={`/targets/${t.triple}`} total={props.total} sort={props.sort} downloadsKnown={props.items.some((i) => i.downloads > 0)} />
      {props.total ? <PackageList items={props.items} /> : <Empty>No package is known to run on this target yet.</Empty>}
      <Pager href={sortedPageHref(`/targets/${t.triple}`, props.sort)} page={props.page} nextPage={props.nextPage} />
      <h2 id="cfg">cfg values</h2>
      <p class="small muted">
        As <code>rustc --print cfg --target {t.triple}</code> prints them; <code>#[cfg(...)]</code> and <code>[target.'cfg(...)'.dependencies]</code> are evaluated
        against these.
      </p>
      <DataTable label="cfg values" columns={['Name', 'Values']}>
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
      </DataTable>
    </>
  );
}
