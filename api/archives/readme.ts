import { Marked } from 'marked';
import sanitizeHtml from 'sanitize-html';

/** Where a README's relative links and images point: the repository at the commit it was packaged from. */
export type ReadmeBase = {
  repository?: string;
  /** The commit `cargo package` recorded in `.cargo_vcs_info.json`; HEAD when unknown. */
  commit?: string;
  /** The package's folder inside the repository (`path_in_vcs`), '' at the root. */
  pathInVcs?: string;
  /** The README's path inside the package, for links relative to it. */
  readmePath: string;
};

type RepoUrls = { blob: string; raw: string };

/** GitHub and GitLab serve files at /blob/<ref>/<path> and raw bytes elsewhere; other hosts get no resolution. */
function repoUrls(repository: string | undefined, commit: string): RepoUrls | null {
  if (!repository) return null;
  let u: URL;
  try {
    u = new URL(repository.trim());
  } catch {
    return null;
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return null;
  const parts = u.pathname.split('/').filter(Boolean);
  const host = u.hostname.toLowerCase();
  const ref = encodeURIComponent(commit);
  if (host === 'github.com' && parts.length >= 2) {
    const repo = `${parts[0]}/${parts[1]!.replace(/\.git$/, '')}`;
    return { blob: `https://github.com/${repo}/blob/${ref}/`, raw: `https://raw.githubusercontent.com/${repo}/${ref}/` };
  }
  if (host === 'gitlab.com' && parts.length >= 2) {
    // GitLab groups nest; `/-/` ends the project path.
    const end = parts.indexOf('-');
    const repo = (end < 0 ? parts : parts.slice(0, end)).join('/').replace(/\.git$/, '');
    return { blob: `https://gitlab.com/${repo}/-/blob/${ref}/`, raw: `https://gitlab.com/${repo}/-/raw/${ref}/` };
  }
  return null;
}

/**
 * A relative reference resolved against the README's folder in the repository; absolute URLs are
 * kept; anything unresolvable is dropped (a relative URL would otherwise point into Ferrite).
 */
function resolver(base: ReadmeBase) {
  const urls = repoUrls(base.repository, base.commit || 'HEAD');
  const dir = [base.pathInVcs ?? '', base.readmePath.split('/').slice(0, -1).join('/')].filter(Boolean).join('/');
  return (ref: string, kind: 'blob' | 'raw'): string | undefined => {
    const value = ref.trim();
    if (!value) return undefined;
    if (value.startsWith('#')) return value;
    if (/^[a-z][a-z0-9+.-]*:/i.test(value) || value.startsWith('//')) return value;
    if (!urls) return undefined;
    const root = new URL(urls[kind]);
    // Resolve inside the repository: `../` cannot climb above the ref, a leading `/` means the repository root.
    const inRepo = new URL(value, `https://repo.invalid/${dir ? `${dir}/` : ''}`);
    return new URL(inRepo.pathname.slice(1) + inRepo.search + inRepo.hash, root).toString();
  };
}

const ALLOWED_TAGS = [
  ...sanitizeHtml.defaults.allowedTags.filter((t) => t !== 'style'),
  'img', 'h1', 'h2', 'details', 'summary', 'picture', 'del', 'ins', 'kbd', 'sub', 'sup', 'input',
];

/**
 * Markdown to HTML with marked (GitHub-flavoured), then through sanitize-html: no scripts, no
 * event handlers, no styles, no frames or forms, links only http(s) and mailto, images only https.
 * Relative links and images are resolved against the repository; links get rel=nofollow;
 * headings move down to fit under the page's README heading.
 */
export function renderReadme(markdown: string, base: ReadmeBase, format: 'markdown' | 'text' = 'markdown'): string {
  const resolve = resolver(base);
  // The README sits under the page's own h2: its headings start at h3 and never skip a level,
  // whatever the author wrote (transformTags sees tags in document order).
  let previous = 2;
  const heading = (tagName: string, attribs: sanitizeHtml.Attributes) => {
    const level = Math.min(6, Number(tagName.slice(1)) + 2, previous + 1);
    previous = level;
    return { tagName: `h${level}`, attribs };
  };
  const html = format === 'markdown'
    ? (new Marked({ gfm: true, async: false }).parse(markdown) as string)
    : `<pre>${escapeText(markdown)}</pre>`;
  return sanitizeHtml(html, {
    allowedTags: ALLOWED_TAGS,
    allowedAttributes: {
      a: ['href', 'title', 'rel'],
      img: ['src', 'alt', 'title', 'width', 'height', 'align', 'loading'],
      input: ['type', 'checked', 'disabled'],
      td: ['align', 'colspan', 'rowspan'],
      th: ['align', 'colspan', 'rowspan'],
      p: ['align'],
      div: ['align'],
      h3: ['align'],
      h4: ['align'],
      h5: ['align'],
      h6: ['align'],
      code: ['class'],
      ol: ['start'],
    },
    allowedClasses: { code: ['language-*'] },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesByTag: { img: ['https'] },
    allowProtocolRelative: false,
    disallowedTagsMode: 'discard',
    // Only checkbox inputs from GFM task lists, always disabled.
    exclusiveFilter: (frame) => frame.tag === 'input' && frame.attribs.type !== 'checkbox',
    transformTags: {
      a: (tagName, attribs) => {
        const href = attribs.href === undefined ? undefined : resolve(attribs.href, 'blob');
        const { href: _drop, ...rest } = attribs;
        return { tagName, attribs: href ? { ...rest, href, rel: 'nofollow ugc noopener' } : rest };
      },
      img: (tagName, attribs) => {
        const src = attribs.src === undefined ? undefined : resolve(attribs.src, 'raw');
        const { src: _drop, ...rest } = attribs;
        return { tagName, attribs: src ? { ...rest, src, loading: 'lazy' } : rest };
      },
      input: (tagName, attribs) => ({ tagName, attribs: { ...attribs, disabled: '' } }),
      h1: heading, h2: heading, h3: heading, h4: heading, h5: heading, h6: heading,
    },
    allowedSchemesAppliedToAttributes: ['href', 'src', 'cite'],
    nonTextTags: ['style', 'script', 'textarea', 'option', 'noscript', 'iframe', 'object', 'embed', 'template'],
  });
}

/** A plain-text README shown as it is: only the three characters that start markup are escaped. */
function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
