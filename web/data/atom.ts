export type AtomEntry = { id: string; title: string; link: string; updated: Date; summary?: string; content?: string; categories: string[] };

export type AtomFeed = {
  id: string;
  title: string;
  /** The page the feed follows, and the feed's own address. */
  alternate: string;
  self: string;
  updated: Date;
  rights: string;
  generator: string;
  entries: AtomEntry[];
};

/**
 * Writes an Atom 1.0 document (RFC 4287). Entry titles, summaries and contents carry package
 * metadata, which is whatever its author wrote, so they are plain text (`type="text"`), escaped:
 * a reader shows `<script>` as those characters and never runs it. (The `feed` package writes
 * them as `type="html"` in CDATA and has no option for text; xml-js, beneath it, does not escape text.)
 */
export function atomXml(feed: AtomFeed): string {
  const out = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `    <id>${xmlText(feed.id)}</id>`,
    // Ferrite's own words; a title without `type` is text (RFC 4287 §3.1.1).
    `    <title>${xmlText(feed.title)}</title>`,
    `    <updated>${feed.updated.toISOString()}</updated>`,
    `    <generator>${xmlText(feed.generator)}</generator>`,
    `    <link rel="alternate" href="${xmlText(feed.alternate)}"/>`,
    `    <link rel="self" href="${xmlText(feed.self)}"/>`,
    `    <rights>${xmlText(feed.rights)}</rights>`,
  ];
  for (const e of feed.entries) {
    out.push(
      '    <entry>',
      `        <title type="text">${xmlText(e.title)}</title>`,
      `        <id>${xmlText(e.id)}</id>`,
      `        <link href="${xmlText(e.link)}"/>`,
      `        <updated>${e.updated.toISOString()}</updated>`,
    );
    if (e.summary) out.push(`        <summary type="text">${xmlText(e.summary)}</summary>`);
    if (e.content) out.push(`        <content type="text">${xmlText(e.content)}</content>`);
    for (const c of e.categories) out.push(`        <category term="${xmlText(c)}"/>`);
    out.push('    </entry>');
  }
  out.push('</feed>');
  return out.join('\n');
}

/** What XML 1.0 forbids outright (most C0 controls, lone surrogates, U+FFFE, U+FFFF): a document holding one does not parse. */
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Text for element content or a quoted attribute: forbidden characters become U+FFFD, markup characters entities. */
function xmlText(s: string): string {
  return s.replace(NOT_XML, '\uFFFD').replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}
