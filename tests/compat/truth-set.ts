import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The labelled truth set (tests/fixtures/compat-truth/labels.json): each label was written from the
 * package's own sources, docs and README before anyone looked at what Ferrite answers (see that
 * folder's README). This module only reads labels and scores answers against them; it never edits a
 * label.
 */
export type YesNo = 'yes' | 'no';
export type Label = {
  kind: 'crate' | 'npm';
  name: string;
  class: string;
  version?: string;
  profiles?: Partial<Record<'cloud' | 'wasm' | 'wasi' | 'embedded' | 'mobile', YesNo>>;
  targets?: Record<string, YesNo>;
  rustBinding?: boolean;
  why: string;
};

export type Answer = 'yes' | 'partial' | 'no' | 'unknown';
/** One labelled question: a profile, a target or (npm) "is it Rust?". */
export type Scored = { kind: Label['kind']; name: string; class: string; question: string; label: YesNo; answer: Answer };

export const LABELS_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'compat-truth', 'labels.json');

export function loadLabels(): Label[] {
  return JSON.parse(fs.readFileSync(LABELS_FILE, 'utf8')) as Label[];
}

/** The questions a label asks, each with the answer `answerOf` gives. */
export function questions(label: Label, answerOf: (question: string) => Answer): Scored[] {
  const qs: [string, YesNo][] = [
    ...Object.entries(label.profiles ?? {}).map(([p, v]) => [`profile:${p}`, v] as [string, YesNo]),
    ...Object.entries(label.targets ?? {}).map(([t, v]) => [`target:${t}`, v] as [string, YesNo]),
    ...(label.rustBinding === undefined ? [] : [['rust', label.rustBinding ? 'yes' : 'no'] as [string, YesNo]]),
  ];
  return qs.map(([question, l]) => ({ kind: label.kind, name: label.name, class: label.class, question, label: l, answer: answerOf(question) }));
}

export type Score = {
  questions: number;
  /** Answers that were yes or no. */
  decided: number;
  correct: number;
  /** correct / decided: how often a yes or no is right. */
  precision: number;
  partial: number;
  unknown: number;
  unknownRate: number;
  misses: Scored[];
  perClass: Map<string, { questions: number; decided: number; correct: number; unknown: number }>;
};

export function score(all: Scored[]): Score {
  const decided = all.filter((s) => s.answer === 'yes' || s.answer === 'no');
  const misses = decided.filter((s) => s.answer !== s.label);
  const perClass = new Map<string, { questions: number; decided: number; correct: number; unknown: number }>();
  for (const s of all) {
    const c = perClass.get(s.class) ?? { questions: 0, decided: 0, correct: 0, unknown: 0 };
    c.questions++;
    if (s.answer === 'yes' || s.answer === 'no') {
      c.decided++;
      if (s.answer === s.label) c.correct++;
    } else if (s.answer === 'unknown') c.unknown++;
    perClass.set(s.class, c);
  }
  const unknown = all.filter((s) => s.answer === 'unknown').length;
  return {
    questions: all.length,
    decided: decided.length,
    correct: decided.length - misses.length,
    precision: decided.length ? (decided.length - misses.length) / decided.length : 1,
    partial: all.filter((s) => s.answer === 'partial').length,
    unknown,
    unknownRate: all.length ? unknown / all.length : 0,
    misses,
    perClass,
  };
}

const pct = (n: number) => `${(n * 100).toFixed(1)}%`;

export function formatScore(title: string, s: Score): string {
  const lines = [
    `${title}: ${s.questions} labelled questions; ${s.decided} answered yes/no, ${s.correct} right → precision ${pct(s.precision)}; ${s.partial} partial; ${s.unknown} unknown (${pct(s.unknownRate)})`,
    ...[...s.perClass]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([c, v]) => `  ${c.padEnd(22)} ${String(v.questions).padStart(4)} questions, ${String(v.decided).padStart(4)} decided, ${v.decided - v.correct} wrong, ${v.unknown} unknown`),
    ...s.misses.map((m) => `  MISS ${m.kind} ${m.name} ${m.question}: labelled ${m.label}, answered ${m.answer}`),
  ];
  return lines.join('\n');
}
