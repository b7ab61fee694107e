// Progressive enhancement for the search page: results follow the query as you type and the
// facets as you tick them. Without this script the form submits as a plain GET and works the same.
(() => {
  const form = document.getElementById('search-form');
  const results = () => document.getElementById('results');
  if (!form || !results() || !window.fetch) return;
  // Browsers without ::details-content cannot show a closed disclosure's filters beside the results.
  const filters = document.getElementById('filters');
  if (filters && window.matchMedia('(min-width: 46.01rem)').matches) filters.open = true;
  let timer = 0;
  let inflight = null;

  // Facet controls and the qualifiers typed in the query box are one state, both ways: ticking
  // writes `accel:cuda` into the box, deleting it from the box unticks it (no_std is `nostd:true`);
  // the ecosystem and MSRV menus and the target box hold one value each, as `ecosystem:npm`,
  // `msrv<=1.70` and `target:<triple>`.
  const q = document.getElementById('q');
  const QUALIFIED = new Set(['profile', 'accel', 'binding', 'category', 'council', 'advisory', 'nostd']);
  const NOSTD = /^(nostd|no_std|no-std):(true|yes)$/i;
  const boxes = () => [...form.querySelectorAll('input[type="checkbox"]')].filter((b) => QUALIFIED.has(b.name));
  const tokenOf = (box) => (box.name === 'nostd' ? 'nostd:true' : `${box.name}:${box.value}`.toLowerCase());
  const same = (typed, token) => typed.toLowerCase() === token || (token === 'nostd:true' && NOSTD.test(typed));
  const typedTokens = () => q.value.split(/\s+/).filter(Boolean);
  const typedHas = (token) => typedTokens().some((t) => same(t, token));
  const writeQualifier = (box) => {
    const token = tokenOf(box);
    if (box.checked && !typedHas(token)) q.value = [...typedTokens(), token].join(' ');
    if (!box.checked) q.value = typedTokens().filter((t) => !same(t, token)).join(' ');
  };
  const SINGLES = [
    { name: 'ecosystem', token: (v) => `ecosystem:${v}`, typed: /^ecosystem:(crates|npm)$/i },
    { name: 'msrv', token: (v) => `msrv<=${v}`, typed: /^msrv<=?(\d+\.\d+(?:\.\d+)?)$/i },
    { name: 'target', token: (v) => `target:${v}`, typed: /^target:(\S+)$/i },
  ]
    .map((s) => ({ ...s, control: form.elements.namedItem(s.name) }))
    .filter((s) => s.control);
  const singleOf = (el) => SINGLES.find((s) => s.control === el);
  const writeSingle = (s) => {
    const value = s.control.value.trim();
    const typed = typedTokens().map((t) => s.typed.exec(t)).find(Boolean);
    if (value && typed && typed[1].toLowerCase() === value.toLowerCase()) return;
    const kept = typedTokens().filter((t) => !s.typed.test(t));
    q.value = (value ? [...kept, s.token(value)] : kept).join(' ');
  };
  const readSingle = (s) => {
    const found = typedTokens().map((t) => s.typed.exec(t)).find(Boolean);
    const value = found ? found[1].toLowerCase() : '';
    // A typed MSRV the menu does not list (`msrv<=1.62`) becomes one of its choices.
    if (value && s.control.tagName === 'SELECT' && ![...s.control.options].some((o) => o.value === value)) {
      s.control.add(new Option(`Rust ${value}`, value));
    }
    if (s.control !== document.activeElement) s.control.value = value;
  };
  const readQualifiers = () => {
    for (const box of boxes()) box.checked = typedHas(tokenOf(box));
    for (const s of SINGLES) readSingle(s);
  };
  // A filter that came as a form field (a shared link, the page without JavaScript) shows in the box too.
  if (q) {
    for (const box of boxes()) if (box.checked) writeQualifier(box);
    for (const s of SINGLES) if (s.control.value) writeSingle(s);
  }

  const paramsOf = () => {
    const params = new URLSearchParams();
    for (const [k, v] of new FormData(form)) if (typeof v === 'string' && v !== '') params.append(k, v);
    params.delete('page');
    return params;
  };

  const update = async () => {
    const params = paramsOf();
    const url = `${form.action}?${params}`;
    inflight?.abort();
    inflight = new AbortController();
    try {
      const res = await fetch(`${url}${params.size ? '&' : ''}partial=results`, { signal: inflight.signal, headers: { accept: 'text/html' } });
      if (!res.ok) return;
      results().outerHTML = await res.text();
      history.replaceState(null, '', url);
    } catch (err) {
      if (err.name !== 'AbortError') throw err;
    }
  };

  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(update, 250);
  };
  // A submitted form leaves its empty fields out of the URL, so shared links stay short.
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const params = paramsOf();
    location.assign(`${form.action}${params.size ? `?${params}` : ''}`);
  });
  // `input` fires for text, checkboxes and selects alike: typing waits for a pause, ticks apply at once.
  form.addEventListener('input', (e) => {
    if (e.target === q) {
      readQualifiers();
      return later();
    }
    if (q && QUALIFIED.has(e.target.name) && e.target.type === 'checkbox') writeQualifier(e.target);
    const single = q && singleOf(e.target);
    if (single) writeSingle(single);
    // The target box is typed into: like the query, it waits for a pause.
    if (e.target.type === 'text') return later();
    update();
  });
})();
