/**
 * Matches a question to the FAQ by similarity that survives rewording: every entry's phrasings
 * (its question and the ways people say it) are examples of that entry, and a question is compared
 * with them by lib/text-classifier.ts (folded words and pairs, character trigrams for typos,
 * exact diacritics as extra evidence). The phrasings are already in people's words, so neither side
 * is expanded with the lexicon here (measured: expansion made the nearest phrasing worse); the
 * lexicon serves the passage search and the test of whether a question is about legal aid.
 *
 * A long message often tells a story and asks at the end ("mẹ em cho vay 30 triệu bị quỵt… có được
 * trợ giúp miễn phí không"): the asking sentence is matched on its own too, and the better of the
 * two counts. A question about legal aid itself prefers the legal-aid entries; a question whose
 * field is known prefers that field's entries.
 */
import type { Facts } from '../intake/eligibility/facts.ts';
import { TextClassifier } from '../lib/text-classifier.ts';
import type { FaqAbout } from './faq.ts';
import { syllables } from '../lib/text.ts';
import type { StoredPassage } from './index.ts';
import { FIELD_SOURCES, type FieldGuess } from './question-field.ts';

export interface FaqMatch {
  entry: StoredPassage;
  /** 0–1 similarity to the entry's closest phrasings, weighted as described above. */
  score: number;
}

/** How much a legal-aid question prefers legal-aid entries, and a known field its own entries. */
const LEGAL_AID_PREFERENCE = { same: 1.15, other: 0.7 };
const FIELD_PREFERENCE = 1.08;
/**
 * An entry about people whose facts the question states too counts more, one whose facts it contradicts
 * less. A stated age counts most: it puts the person in a group of Điều 7 (under 16, 16–17, 60 and over)
 * whose entry says what that group needs, where a stated household ("không có sổ nghèo") only says which
 * route is missing.
 */
const FACTS = { agree: 1.2, ageAgree: 1.5, conflict: 0.5 };

/**
 * How an entry's people (`about`) sit with the facts a question states: 1 when the question says
 * nothing of them, FACTS.agree for each fact both state alike, FACTS.conflict for each that differs
 * ("ko có sổ hộ nghèo" against the poor-household entry; "68 tuổi" against the children's entry).
 */
export function factAgreement(about: FaqAbout | undefined, facts: Facts | undefined): number {
  if (!about || !facts) return 1;
  let weight = 1;
  for (const [name, wanted] of Object.entries(about) as Array<[keyof FaqAbout, FaqAbout[keyof FaqAbout]]>) {
    const stated = facts[name];
    if (stated === undefined || stated === null) continue;
    const alike =
      name === 'age'
        ? typeof stated === 'number' && stated >= ((wanted as { min?: number }).min ?? 0) && stated <= ((wanted as { max?: number }).max ?? Infinity)
        : stated === wanted;
    weight *= alike ? (name === 'age' && groupBand(wanted as { min?: number; max?: number }) ? FACTS.ageAgree : FACTS.agree) : FACTS.conflict;
  }
  return weight;
}

/** Whether an age band is one of Điều 7's groups: under 16 (trẻ em), 16–17, 60 and over (người cao tuổi). */
function groupBand(band: { min?: number; max?: number }): boolean {
  return (band.max !== undefined && band.max < 18) || (band.min !== undefined && band.min >= 60);
}

/** Words that mark the sentence that asks ("… có được không", "… ở đâu", "… bao lâu"). */
const ASKING = /\b(khong|ko|k|hok|hong|sao|gi|j|nao|bao|dau|ai|chua|ha|a|nhi|ntn|bn|the nao|lam sao|duoc khong|dc k|dc ko)\b/u;

/** The last sentence of a long message that asks something, or undefined for a short message. */
export function askingPart(question: string): string | undefined {
  if (syllables(question).length < 14) return undefined;
  const sentences = question.split(/[.?!;\n]+|,\s+(?=(?:vậy|vay|thì|thi|nên|nen|giờ|gio|cho hỏi|cho hoi|xin hỏi|xin hoi)\b)/iu).map((s) => s.trim()).filter(Boolean);
  for (let i = sentences.length - 1; i >= 0; i--) {
    const folded = syllables(sentences[i]!).join(' ');
    if (ASKING.test(folded) && syllables(sentences[i]!).length >= 3) return sentences[i]!;
  }
  return undefined;
}

/**
 * Every label's score for a question: a long story is matched as a whole and by its asking sentence
 * alone, and the better of the two counts.
 */
export function scoresWithAskingPart(classifier: TextClassifier, question: string): Map<string, number> {
  const scores = new Map<string, number>();
  const asking = askingPart(question);
  for (const text of asking ? [question, asking] : [question]) {
    for (const r of classifier.predict(text)?.ranking ?? []) scores.set(r.label, Math.max(scores.get(r.label) ?? 0, r.score));
  }
  return scores;
}

/** An FAQ entry's stable key: its file and id. */
export function faqKey(entry: StoredPassage): string {
  return `${entry.source}#${entry.article}`;
}

export class FaqMatcher {
  private readonly classifier: TextClassifier;
  private readonly entries = new Map<string, StoredPassage>();

  constructor(entries: StoredPassage[]) {
    const examples = [];
    for (const e of entries) {
      const key = faqKey(e);
      this.entries.set(key, e);
      for (const phrasing of e.title.split(' | ')) examples.push({ label: key, text: phrasing });
    }
    this.classifier = new TextClassifier(examples, 2);
  }

  get size(): number {
    return this.entries.size;
  }

  /** The entry with this key (`faqKey`), if any. */
  entry(key: string): StoredPassage | undefined {
    return this.entries.get(key);
  }

  /**
   * The closest entries, best first.
   * @param legalAid the question is about legal aid itself (question-field.ts `aboutLegalAid`)
   * @param facts what the question states of the person (intake/eligibility/fact-extractor.ts)
   */
  match(question: string, k = 3, field?: FieldGuess, legalAid = false, facts?: Facts): FaqMatch[] {
    const scores = scoresWithAskingPart(this.classifier, question);
    const legalAidField = (id: string | undefined) => FIELD_SOURCES.find((f) => f.id === id)?.legal_aid ?? false;
    return [...scores.entries()]
      .map(([key, score]) => {
        const entry = this.entries.get(key)!;
        let s = score;
        if (legalAid && entry.field) s *= legalAidField(entry.field) ? LEGAL_AID_PREFERENCE.same : LEGAL_AID_PREFERENCE.other;
        if (field && field.score >= 0.3 && entry.field === field.id) s *= FIELD_PREFERENCE;
        s *= factAgreement(entry.about, facts);
        return { entry, score: Math.min(1, s) };
      })
      .sort((a, b) => b.score - a.score)
      .slice(0, k);
  }
}
