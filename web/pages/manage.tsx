import { SCOPE_HELP } from '../../api/accounts/scopes.js';
import { MAINTENANCE_STATUSES, type Manifest } from '../../api/metadata/manifest.js';
import { ACCELERATORS } from '../../api/engine/compat/knowledge.js';
import { PROFILES } from '../../api/engine/compat/profiles.js';
import { CsrfField } from '../csrf.js';
import { formatDate } from '../components/bits.js';
import { type FormState, FormErrors } from '../components/forms.js';
import { packageHref } from '../components/package-list.js';
import { DataTable } from '../components/data-table.js';

export type ManageData = {
  pkg: { ecosystem: 'crates' | 'npm'; name: string };
  current: Manifest | null;
  history: { revision: number; publishedBy: string; publishedAt: Date; format: string; tokenId: number | null }[];
  owners: { username: string; via: string }[];
};

/** How an owner came to own the package, in words (a council's transfer reads `made owner by council proposal 7`). */
const OWNER_VIA: Record<string, string> = { registry: 'owner on the registry', invitation: 'invited by an owner', admin: 'added by an administrator' };

const STATUSES = ['works', 'partial', 'does-not-work'] as const;

type Form = Record<string, string | string[]>;

/** The form's fields from the published manifest, so the form opens with what is declared now. */
function formOfManifest(m: Manifest | null): Form {
  const f: Form = {
    versions: m?.versions ?? '*',
    targets: Object.entries(m?.targets ?? {}).map(([t, d]) => `${t} = ${d.status}`).join('\n'),
    nostd: m?.nostd ?? '',
    accelerators: m?.accelerators ?? [],
    maintenance: m?.maintenance?.status ?? '',
    replacement: m?.maintenance?.replacement?.name ?? '',
    alternatives: (m?.alternatives ?? []).map((a) => a.name).join(', '),
  };
  for (const p of PROFILES) {
    f[`profile.${p}`] = m?.profiles[p]?.status ?? '';
    f[`note.${p}`] = m?.profiles[p]?.note ?? '';
  }
  return f;
}

const FIELD_WORDS: Record<string, string> = { versions: 'Versions covered', nostd: 'no_std', accelerators: 'Accelerators', maintenance: 'Maintenance', alternatives: 'Alternatives', schema: 'Form' };

/** A manifest path (`profiles.wasm.status`, `targets.foo`, `maintenance.replacement.name`) as the form labels it. */
export function fieldLabel(path: string): string {
  const [head, key, rest] = path.split('.');
  if (head === 'profiles' && key) return `Where it runs: ${key}${rest === 'note' ? ' note' : ''}`;
  if (head === 'targets') return key ? `Targets: the line for “${key}”` : 'Targets';
  if (head === 'maintenance') return key === 'replacement' ? 'Replacement' : 'Maintenance';
  return FIELD_WORDS[head ?? ''] ?? path;
}

/**
 * An owner's page: publish metadata through a form (the same manifest the API takes), manage
 * owners. After a refused submission the form shows what was typed (`submitted`), not the old manifest.
 */
export function ManageView(props: { data: ManageData; csrf: string; state?: FormState; section?: string; submitted?: Form }) {
  const { pkg } = props.data;
  const base = `/manage/${pkg.ecosystem}/${pkg.name}`;
  const f = props.submitted ?? formOfManifest(props.data.current);
  const one = (k: string) => (typeof f[k] === 'string' ? (f[k] as string) : '');
  const many = (k: string) => [f[k] ?? []].flat();
  return (
    <>
      <h1>
        Manage <a href={packageHref(pkg.ecosystem, pkg.name)}>{pkg.name}</a>
      </h1>
      <p class="muted">
        What you declare here appears beside what Ferrite infers, labelled as declared by you; it never hides the inferred evidence. The same
        manifest can be published from CI with a <code>metadata:write</code> token ({SCOPE_HELP['metadata:write']}):{' '}
        <code>PUT /api/v1/packages/{pkg.ecosystem}/{encodeURIComponent(pkg.name)}/metadata</code>.
      </p>

      <h2 id="metadata">Publish metadata</h2>
      <FormErrors state={props.section === 'metadata' ? props.state : undefined} label={fieldLabel} />
      <form method="post" action={`${base}/metadata`} class="stack">
        <CsrfField token={props.csrf} />
        <label for="versions">Versions covered (semver range)</label>
        <input id="versions" name="versions" type="text" value={one('versions')} />
        <fieldset>
          <legend>Where it runs</legend>
          <DataTable label="Profiles" columns={['Profile', 'Status', 'Note']} cards>
            {PROFILES.map((p) => (
              <tr>
                <th scope="row">
                  <label for={`profile-${p}`}>{p}</label>
                </th>
                <td data-label="Status">
                  <select id={`profile-${p}`} name={`profile.${p}`}>
                    <option value="">not declared</option>
                    {STATUSES.map((s) => (
                      <option value={s} selected={one(`profile.${p}`) === s}>
                        {s}
                      </option>
                    ))}
                  </select>
                </td>
                <td data-label="Note">
                  <input type="text" name={`note.${p}`} aria-label={`Note for ${p}`} value={one(`note.${p}`)} />
                </td>
              </tr>
            ))}
          </DataTable>
        </fieldset>
        <label for="targets">Targets, one per line: <code>triple = works | partial | does-not-work</code></label>
        <textarea id="targets" name="targets" rows={4}>
          {one('targets')}
        </textarea>
        <label for="nostd">no_std</label>
        <select id="nostd" name="nostd">
          <option value="">not declared</option>
          {(['always', 'optional', 'no'] as const).map((v) => (
            <option value={v} selected={one('nostd') === v}>
              {v}
            </option>
          ))}
        </select>
        <fieldset class="checks">
          <legend>Accelerators</legend>
          {ACCELERATORS.map((a) => (
            <label>
              <input type="checkbox" name="accelerators" value={a} checked={many('accelerators').includes(a)} /> {a}
            </label>
          ))}
        </fieldset>
        <label for="maintenance">Maintenance</label>
        <select id="maintenance" name="maintenance">
          <option value="">not declared</option>
          {MAINTENANCE_STATUSES.map((v) => (
            <option value={v} selected={one('maintenance') === v}>
              {v}
            </option>
          ))}
        </select>
        <label for="replacement">Replacement (when deprecated)</label>
        <input id="replacement" name="replacement" type="text" value={one('replacement')} />
        <label for="alternatives">Alternatives (crate names, comma-separated)</label>
        <input id="alternatives" name="alternatives" type="text" value={one('alternatives')} />
        <button type="submit">Publish</button>
      </form>

      <h2 id="history">History</h2>
      {props.data.history.length ? (
        <ul class="plain">
          {props.data.history.map((h) => (
            <li>
              Revision {h.revision} by <strong>{h.publishedBy}</strong> on {formatDate(h.publishedAt)} ({h.format}
              {h.tokenId ? `, token ${h.tokenId}` : ''})
            </li>
          ))}
        </ul>
      ) : (
        <p class="empty">Nothing published yet.</p>
      )}

      <h2 id="owners">Owners</h2>
      <FormErrors state={props.section === 'owners' ? props.state : undefined} />
      <ul class="plain">
        {props.data.owners.map((o) => (
          <li>
            {o.username} <span class="small muted">({OWNER_VIA[o.via] ?? `made owner by ${o.via}`})</span>{' '}
            <form class="inline" method="post" action={`${base}/owners/remove`}>
              <CsrfField token={props.csrf} />
              <input type="hidden" name="username" value={o.username} />
              <button type="submit" class="secondary">
                Remove <span class="visually-hidden">{o.username}</span>
              </button>
            </form>
          </li>
        ))}
      </ul>
      <form method="post" action={`${base}/owners/invite`} class="stack narrow">
        <CsrfField token={props.csrf} />
        <label for="invitee">Invite an owner (username)</label>
        <input id="invitee" name="username" type="text" required />
        <button type="submit">Invite</button>
      </form>
    </>
  );
}

/** The form as a manifest, for the same validation as the API. */
export function manifestFromForm(f: Record<string, string | string[]>): unknown {
  const one = (k: string) => (typeof f[k] === 'string' ? (f[k] as string).trim() : '');
  const profiles = Object.fromEntries(
    PROFILES.filter((p) => one(`profile.${p}`)).map((p) => [p, { status: one(`profile.${p}`), ...(one(`note.${p}`) ? { note: one(`note.${p}`) } : {}) }]),
  );
  const targets = Object.fromEntries(
    one('targets')
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
      .map((l) => {
        const [t, s] = l.split('=').map((x) => x.trim());
        return [t ?? l, { status: s ?? '' }];
      }),
  );
  const maintenance = one('maintenance')
    ? { status: one('maintenance'), ...(one('replacement') ? { replacement: { ecosystem: 'crates', name: one('replacement') } } : {}) }
    : undefined;
  const alternatives = one('alternatives').split(',').map((x) => x.trim()).filter(Boolean).map((name) => ({ ecosystem: 'crates', name }));
  const accelerators = [f.accelerators ?? []].flat();
  return {
    schema: 1,
    versions: one('versions') || '*',
    profiles,
    targets,
    ...(one('nostd') ? { nostd: one('nostd') } : {}),
    ...(accelerators.length ? { accelerators } : {}),
    ...(maintenance ? { maintenance } : {}),
    ...(alternatives.length ? { alternatives } : {}),
  };
}
