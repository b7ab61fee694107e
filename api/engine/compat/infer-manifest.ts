import type { ManifestFacts } from '../formats/manifest.js';
import { NO_STD_CATEGORIES, NO_STD_KEYWORDS } from './knowledge.js';
import { PROFILE_TARGETS, type Profile } from './profiles.js';
import { type Claim, Votes } from './votes.js';

/**
 * Claims from a Cargo.toml or a published .crate, kept apart from what the index says: the
 * crate-level `#![no_std]` attribute, no-std categories and keywords, and the targets docs.rs is
 * told to build (docs.rs compiles the crate for each, so each is a target it builds on).
 */
export function inferManifest(f: ManifestFacts, knownTriples: Set<string>): Claim[] {
  const votes = new Votes();
  const std = votes.subject('nostd');
  if (f.noStdAttribute) {
    const conditional = f.noStdAttribute.includes('cfg_attr');
    std.add(conditional ? 'optional' : 'always', { source: 'src/lib.rs', detail: `${f.noStdAttribute}${conditional ? ': no_std unless the condition says otherwise' : ''}` });
  }
  for (const c of f.categories ?? []) {
    if (!NO_STD_CATEGORIES[c]) continue;
    const e = { source: 'categories', detail: `category ${c}` };
    std.add('always', e);
    std.support('optional', e);
  }
  for (const k of f.keywords ?? []) if (NO_STD_KEYWORDS.has(k)) std.add('always', { source: 'keywords', detail: `keyword ${k}` });
  std.decide(['optional', 'always']);

  const targets = [...new Set([...(f.docsRs?.targets ?? []), ...(f.docsRs?.defaultTarget ? [f.docsRs.defaultTarget] : [])])];
  for (const t of targets) {
    if (!knownTriples.has(t)) continue;
    const e = { source: 'package.metadata.docs.rs', detail: `docs.rs builds for ${t}` };
    votes.subject(`target:${t}`).add('yes', e);
    for (const [profile, triples] of Object.entries(PROFILE_TARGETS) as [Profile, string[]][])
      if (triples.includes(t) || (profile === 'embedded' && /-none(-|$)/.test(t))) votes.subject(`profile:${profile}`).add('yes', e);
  }
  if (f.rustVersion) votes.subject('msrv').add(f.rustVersion, { source: 'package.rust-version', detail: `rust-version = "${f.rustVersion}"` });
  return votes.claims(6);
}
