import { Empty } from '../../components/bits.js';
import { packageHref } from '../../components/package-list.js';
import type { DepGroup, DepSections } from '../../../api/packages/crate-page.js';

/**
 * A version's dependencies in three sections, because they reach a user differently: normal ones
 * are compiled into every project that uses the crate; build ones only run its build script;
 * dev ones serve its own tests and never reach a user at all, so they must not read as part of
 * "On every target".
 */
export function DependencySections({ name, deps }: { name: string; deps: DepSections }) {
  const count = (groups: DepGroup[]) => groups.reduce((n, g) => n + g.deps.length, 0);
  return (
    <>
      <h2 id="dependencies">Dependencies by target</h2>
      {deps.normal.length ? (
        <>
          <p class="small muted">What a project that uses {name} compiles along with it, by the target it builds for.</p>
          <Groups groups={deps.normal} kind="normal" />
        </>
      ) : (
        <Empty>None: using {name} compiles no other crate.</Empty>
      )}
      {deps.build.length > 0 && (
        <section aria-labelledby="build-dependencies" data-kind="build">
          <h2 id="build-dependencies">Build dependencies ({count(deps.build)})</h2>
          <p class="small muted">Used by {name}’s build script, which runs on the machine doing the build, whatever the target.</p>
          <Groups groups={deps.build} kind="build" />
        </section>
      )}
      {deps.dev.length > 0 && (
        <section aria-labelledby="dev-dependencies" data-kind="dev">
          <h2 id="dev-dependencies">Dev-dependencies ({count(deps.dev)})</h2>
          <p class="small muted">Only for {name}’s own tests, examples and benchmarks: a project that uses {name} never downloads or compiles them.</p>
          <Groups groups={deps.dev} kind="dev" />
        </section>
      )}
    </>
  );
}

function Groups({ groups, kind }: { groups: DepGroup[]; kind: keyof DepSections }) {
  return groups.map((g) => (
    <section class="dep-group" data-kind={kind} data-target={g.target ?? ''}>
      <h3>
        {g.target === null ? 'On every target' : <code>{g.target}</code>}{' '}
        {g.target !== null && <span class="small muted">applies to: {g.profiles.length ? g.profiles.join(', ') : 'none of the main profiles'}</span>}
      </h3>
      {g.problem && <p class="small muted">{g.problem}</p>}
      <ul class="plain small">
        {g.deps.map((d) => (
          <li>
            <a href={packageHref('crates', d.crate)}>{d.name}</a> <code>{d.req}</code>
            {kind !== 'normal' && <span class="badge">{kind}</span>}
            {d.optional && <span class="badge">optional</span>}
            {d.name !== d.crate && <span class="muted"> (package {d.crate})</span>}
          </li>
        ))}
      </ul>
    </section>
  ));
}
