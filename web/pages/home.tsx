import { Empty } from '../components/bits.js';
import { PackageList } from '../components/package-list.js';
import type { Home } from '../../api/search/home.js';

const PROFILES = [
  { profile: 'cloud', title: 'Cloud', text: 'Linux servers, x86_64 and aarch64' },
  { profile: 'wasm', title: 'Browser (wasm)', text: 'wasm32-unknown-unknown' },
  { profile: 'embedded', title: 'Embedded', text: 'bare-metal microcontrollers, no OS' },
] as const;
const GPU = ['cuda', 'rocm', 'metal', 'vulkan', 'webgpu', 'opencl'];

export function HomeView({ home }: { home: Home }) {
  const profileCount = (p: string) => home.facets.profile?.[p] ?? 0;
  const gpu = GPU.map((a) => [a, home.facets.accelerator?.[a] ?? 0] as const).filter(([, n]) => n > 0);
  return (
    <>
      <h1>Will it run where you need it?</h1>
      {home.searchDown ? (
        <p class="notice warn" role="status">
          Search is catching up or unavailable right now, so counts and lists are missing. Package pages still work; try searching again in a minute.
        </p>
      ) : (
        <p class="lead">
          {home.total.toLocaleString('en')} Rust crates and npm bindings, each with the evidence for where it runs: a cloud server, the browser, a
          microcontroller without std, a GPU.
        </p>
      )}
      <form class="search-main-form" role="search" action="/search" method="get">
        <label class="visually-hidden" for="home-q">
          Search packages
        </label>
        <input id="home-q" type="search" name="q" placeholder="e.g. tensor accel:cuda or embedded hal nostd" />
        <button type="submit">Search</button>
      </form>

      <h2>Browse by where it runs</h2>
      <ul class="tiles">
        {PROFILES.map((p) => (
          <li>
            <a href={`/search?profile=${p.profile}`}>
              <strong>{p.title}</strong>
              <span class="small muted">
                {p.text} · {profileCount(p.profile).toLocaleString('en')} packages
              </span>
            </a>
          </li>
        ))}
        <li>
          <a href="/search?q=accel%3Acuda">
            <strong>GPU and accelerators</strong>
            <span class="small muted">{gpu.length ? gpu.map(([a, n]) => `${a} ${n}`).join(' · ') : 'none indexed yet'}</span>
          </a>
        </li>
      </ul>

      {home.total === 0 ? (
        <Empty>
          No packages are indexed yet: this hub is still filling its catalog. Try again in a few minutes.
        </Empty>
      ) : (
        <div class="grid">
          {home.dependedOn.length > 0 && (
            <section aria-labelledby="depended-on">
              <h2 id="depended-on">Most depended on</h2>
              <p class="small muted">By how many crates indexed here list each one as a dependency: a popularity signal that needs no download counts.</p>
              <PackageList items={home.dependedOn} />
            </section>
          )}
          {(home.popular.length > 0 || home.dependedOn.length === 0) && (
            <section aria-labelledby="popular">
              <h2 id="popular">Most downloaded</h2>
              {home.popular.length ? (
                <>
                  <PackageList items={home.popular} />
                  <p>
                    <a href="/search?sort=downloads">All by downloads →</a>
                  </p>
                </>
              ) : (
                <Empty>
                  Download counts are not known for the indexed packages yet, so none can be ranked by downloads. <a href="/search">Browse them all</a> instead.
                </Empty>
              )}
            </section>
          )}
          <section aria-labelledby="recent">
            <h2 id="recent">Recently updated</h2>
            <PackageList items={home.recent} />
            <p>
              <a href="/search?sort=recent">All by update →</a> · <a href="/feeds/packages.atom">Atom feed</a>
            </p>
          </section>
        </div>
      )}

      <h2>Categories</h2>
      {home.categories.length ? (
        <ul class="tiles">
          {home.categories.map((c) => (
            <li>
              <a href={`/categories/${c.slug}`}>
                <strong>{c.name}</strong>
                <span class="small muted">{c.count.toLocaleString('en')} packages</span>
              </a>
            </li>
          ))}
        </ul>
      ) : (
        <Empty>No categorised packages yet.</Empty>
      )}
      <p>
        <a href="/categories">All categories →</a>
      </p>
    </>
  );
}
