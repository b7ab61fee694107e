import { HtmlValidate } from 'html-validate';

/** The W3C-conformance rules plus the document-level ones (doctype, lang, title). */
const validator = new HtmlValidate({
  extends: ['html-validate:standard', 'html-validate:document'],
  rules: {
    // Long titles are package name + version + site name; search engines truncate them, browsers do not.
    'long-title': 'off',
  },
});

/** Every conformance problem of a page, one line each (an empty list means valid). */
export async function htmlProblems(html: string): Promise<string[]> {
  const report = await validator.validateString(html);
  return report.results.flatMap((r) => r.messages.map((m) => `${m.ruleId} line ${m.line}: ${m.message}`));
}
