/**
 * Answers a question from the index: a matching FAQ entry outranks raw passages; otherwise the
 * best passages are quoted with their article or section. Every answer cites only passages that
 * exist in the index; when retrieval is weak it says so and offers a person instead.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { loadMessages } from '../lib/messages.ts';
import type { SqliteDatabase } from '../lib/sqlite.ts';
import { fold, nfc, cutText } from '../lib/text.ts';
import { matchChoice } from '../lib/choice-matcher.ts';
import { canonicalDocument, consolidationOf } from './document-status.ts';
import { documentName } from './document-name.ts';
import { KnowledgeIndex, rowToPassage, type StoredPassage } from './index.ts';
import { indexTerms, queryTerms, type QueryTerms } from './normalize.ts';
import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import type { SqliteVectorStore } from './embeddings/sqlite-vector-store.ts';
import type { LlmAnswerWriter } from './llm-answer.ts';
import { coverageOf, LexicalSearch, type Hit, type SearchContext } from './search.ts';
import { extractFacts } from '../intake/eligibility/fact-extractor.ts';
import { FaqMatcher, faqKey, type FaqMatch } from './faq-matcher.ts';
import { staffOnly } from './staff-only-articles.ts';
import { ArticleQuestionMatcher, type ArticleMatch, type ArticleRef } from './article-questions.ts';
import { aboutLegalAid, FIELD_SOURCES, inField, planWeight, questionFields, type FieldGuess } from './question-field.ts';

/** The k of reciprocal rank fusion (Cormack et al. 2009). */
const RRF_K = 60;
/** How much the dense ranking counts in the fusion, against 1 for the lexical one. */
const DENSE_WEIGHT = 0.3;

export interface Citation {
  document: string;
  article: string;
  title: string;
  excerpt: string;
  score: number;
  source: string;
}

export type Confidence = 'high' | 'medium' | 'low';

export interface AskResult {
  question: string;
  answer: string;
  citations: Citation[];
  confidence: Confidence;
  /** True when a person should take over (low confidence). */
  handoff: boolean;
  /** Set when the question is outside what legal aid answers. */
  outOfScope?: string;
  /**
   * FAQ entries near the question but not near enough to answer with: offered as "Có thể bạn muốn
   * hỏi: …" (their answers are not asserted: a near entry's "Có." may not hold for this person).
   * `id` is passed back to `answerFaq`.
   */
  suggestions?: Array<{ id: string; question: string }>;
}

/** How passages are found: words only, meaning only, or both fused. */
export type RetrievalMode = 'lexical' | 'dense' | 'hybrid';

/** Dense retrieval's parts: the embeddings and the vector store. */
export interface DenseRetrieval {
  embeddings: EmbeddingsInterface;
  store: SqliteVectorStore;
}

export interface AskOptions {
  top?: number;
  /** Overrides the knowledge base's retrieval mode for this question (for evaluation). */
  retrieval?: RetrievalMode;
  /** "YYYY-MM-DD": which amendment notes apply. */
  today: string;
  hotline: string;
}

const say = loadMessages(new URL('./messages.vi.yaml', import.meta.url), [
  'empty_question', 'no_words', 'according_to', 'faq_basis', 'unsure', 'maybe_related', 'medium_note', 'amended',
  'consolidated', 'unsure_field', 'unsure_offer', 'suggest_faq', 'faq_understood',
  'changed_amended', 'changed_added', 'changed_article', 'changed_summary', 'changed_repealed',
]);

const emergencyData = z
  .object({
    format: z.literal('tgpl-emergencies/1'),
    /** Words before a person's name ("chị Mai"): a capitalised word after one is a name, not a date. */
    name_titles: z.array(z.string()).default([]),
    emergencies: z.array(
      z.object({
        id: z.string(),
        message: z.string(),
        phrases: z.array(z.string()),
        /** Lists of phrases that call for it when one phrase of every list is in the message ("mai" + "ra tòa"). */
        together: z.array(z.array(z.string()).min(1)).optional(),
      }),
    ),
  })
  .parse(parse(readFileSync(new URL('./emergencies.yaml', import.meta.url), 'utf8')));
// One id per kind: several of its phrases in a message are one match, not an ambiguous choice.
const emergencies = emergencyData.emergencies.map((e) => ({
  ...e,
  phrases: e.phrases.map((p) => ({ id: e.id, label: p })),
  together: (e.together ?? []).map((list) => list.map((p) => ({ id: e.id, label: p }))),
}));
/** A title and the capitalised word after it ("chị Mai", "anh Tư"): a name, taken out before matching. */
const NAMED = new RegExp(`(^|[^\\p{L}])(${emergencyData.name_titles.map((t) => t.normalize('NFC')).join('|')})\\s+\\p{Lu}\\p{Ll}*`, 'gu');

/** The emergency messages a question calls for ("đang bị đánh" → 113), most specific first. */
export function emergencyMessages(text: string): string[] {
  // "chị Mai sắp ra tòa" names a person: "Mai" is not "mai" (tomorrow).
  const question = emergencyData.name_titles.length > 0 ? text.normalize('NFC').replace(NAMED, '$1$2') : text;
  const found = (options: Array<{ id: string; label: string }>) => matchChoice(question, options, { numbers: false, typos: false }) !== undefined;
  return emergencies
    .filter((e) => found(e.phrases) || (e.together.length > 0 && e.together.every(found)))
    .map((e) => e.message)
    .reverse();
}

const outOfScope = z
  .array(z.object({ topic: z.string(), message: z.string(), phrases: z.array(z.string()), cite: z.object({ document: z.string(), article: z.string() }).optional() }))
  .parse(parse(readFileSync(new URL('./out-of-scope.yaml', import.meta.url), 'utf8')))
  .map((t) => ({ ...t, phrases: t.phrases.map(fold) }));

const isoDay = z.union([z.string(), z.date()]).transform((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v));
/**
 * A part of an article changed after the consolidated text: a clause amended or added (its basis is the
 * amending provision, its content a summary from the domain facts, never the old wording), a point
 * repealed or a clause lapsed (no basis from that day).
 */
const changeSchema = z.object({
  clause: z.string(),
  point: z.string().optional(),
  kind: z.enum(['amended', 'added', 'repealed', 'lapsed']),
  /** For an added clause: the clause it follows. */
  after: z.string().optional(),
  from: isoDay,
  by: z.string(),
  summary: z.string().optional(),
  source: z.string(),
});
type Change = z.infer<typeof changeSchema>;
const amendments = z
  .array(
    z.object({
      document: z.string(),
      article: z.string(),
      /** Only these clauses of the article (all when absent). */
      clauses: z.array(z.string()).optional(),
      notes: z.array(z.object({ from: isoDay, until: isoDay.nullable(), text: z.string() })),
      changes: z.array(changeSchema).default([]),
    }),
  )
  .parse(parse(readFileSync(new URL('./amendments.yaml', import.meta.url), 'utf8')));

/** Longest question searched; the rest of a very long message is ignored. */
const MAX_QUESTION_CHARS = 2000;

/**
 * How citations are ranked when no FAQ entry answers alone: each close FAQ entry votes for its
 * articles (its score, less `citationDecay` for each later article), each passage by its score
 * relative to the best, times the weight for the answer's confidence, less `passageDecay` a rank;
 * each article met through the questions people ask of it (article-questions.ts) by its match
 * relative to the best, less `articleDecay` a rank, at `articles.legalAid` unless the question is
 * plainly about another text (then `articles.other`).
 */
const VOTE = { citationDecay: 0.12, passageDecay: 0.02, agreement: 0.07, passages: { high: 0.7, medium: 0.35, low: 0.25 } as Record<Confidence, number>, plan: 0.9, articles: { legalAid: 1, other: 0.2 }, articleDecay: 0.05, corroboration: 0.25 };

/** Article questions (article-questions.ts) closer than this vote for their article. */
const ARTICLE_MATCH_MIN = 0.15;
/** A written question at least this close to a staff-only article makes the question one about running the service. */
const STAFF_QUESTION_MIN = 0.3;

/** At most this many near FAQ questions are offered when none is close enough to answer with. */
const MAX_SUGGESTIONS = 2;

/** Beside a confident FAQ answer, other articles are cited only at this share of the best vote or passage score. */
const RELATED_SHARE = 0.8;

/** …and at full weight only when the closest is at least this close (below, in proportion). */
const ARTICLE_MATCH_FULL = 0.5;

/** A quoted passage needs a question with at least this many content syllables of its own (not the lexicon's additions). */
const MIN_CONTENT_WORDS = 2;

/** Thresholds on coverage (share of the question's terms a passage holds). */
export const THRESHOLDS = { faq: 0.5, faqHigh: 0.7, faqClose: 0.25, faqCorroborated: 0.3, faqLead: 0.33, high: 0.6, medium: 0.35 };

/** An FAQ entry at least `faqLead` close answers (as "Mình hiểu bạn hỏi") when the next is at most this share of it. */
const LEAD_SHARE = 0.8;
/** …and its first article is among this many best passages or article questions. */
const LEAD_SUPPORT = 5;

/** Beside an FAQ answer, a passage is cited only when it covers at least this share of the question, an article question only at this vote. */
const RELATED_MIN_COVERAGE = 0.35;
const RELATED_MIN_VOTE = 0.3;

/** Where an FAQ entry's first article must appear to corroborate it: among this many best passages or article questions. */
const CORROBORATING = { passages: 3, articleQuestions: 2 };

/** "khoản 2 Điều 7 Luật Trợ giúp pháp lý 2017", "mục B.I.3 Quyết định 687/QĐ-UBND …". */
export function citationLabel(p: Pick<StoredPassage, 'kind' | 'article' | 'clause' | 'documentName'> & { point?: string }): string {
  if (p.kind === 'plan') return `mục ${p.article} ${p.documentName}`;
  const point = p.point && p.clause ? `điểm ${p.point} ` : '';
  return `${point}${p.clause ? `khoản ${p.clause} ` : ''}Điều ${p.article} ${p.documentName}`;
}

export class KnowledgeBase {
  readonly index: KnowledgeIndex;
  private readonly search: LexicalSearch;

  /** How passages are found; "dense" and "hybrid" need `dense`. */
  retrieval: RetrievalMode = 'lexical';
  dense: DenseRetrieval | undefined;
  /** Writes answers from the passages with a language model, when configured. */
  writer: LlmAnswerWriter | undefined;

  constructor(db: SqliteDatabase) {
    this.index = new KnowledgeIndex(db);
    this.search = new LexicalSearch(db);
  }

  async init(): Promise<void> {
    await this.index.init();
  }

  /** Indexes what changed under `dirs` (see KnowledgeIndex.ingest). */
  async ingest(dirs: string[]) {
    const report = await this.index.ingest(dirs);
    this.faq = undefined;
    this.articles.clear();
    this.search.reset();
    return report;
  }

  private faq: FaqMatcher | undefined;
  private readonly articles = new Map<string, StoredPassage[]>();
  private articleQuestions: ArticleQuestionMatcher | undefined;

  /**
   * The passages (laws and plans) for a question: by words (FTS5), by meaning (embeddings), or both
   * fused by reciprocal rank (score = Σ 1/(60 + rank)).
   */
  async retrieve(question: string, k: number, mode: RetrievalMode = this.retrieval, context: SearchContext = {}): Promise<Hit[]> {
    if (mode === 'lexical' || !this.dense) return this.search.search(question, k, context);
    const pool = Math.max(k, 40);
    const [lexical, dense] = await Promise.all([mode === 'hybrid' ? this.search.search(question, pool, context) : Promise.resolve([]), this.denseHits(question, pool)]);
    if (mode === 'dense') return dense.slice(0, k);
    const fused = new Map<number, { hit: Hit; score: number }>();
    for (const [list, weight] of [[lexical, 1], [dense, DENSE_WEIGHT]] as const) {
      list.forEach((hit, rank) => {
        const entry = fused.get(hit.passage.rowid) ?? { hit, score: 0 };
        entry.score += weight / (RRF_K + rank + 1);
        // Keep the lexical hit's coverage when there is one: it drives the confidence.
        if (hit.coverage > entry.hit.coverage) entry.hit = hit;
        fused.set(hit.passage.rowid, entry);
      });
    }
    return [...fused.values()]
      .sort((a, b) => b.score - a.score)
      .slice(0, k)
      .map(({ hit, score }) => ({ ...hit, score: score * RRF_K }));
  }

  private async denseHits(question: string, k: number): Promise<Hit[]> {
    const { embeddings, store } = this.dense!;
    const results = await store.similaritySearchVectorWithScore(await embeddings.embedQuery(question), k);
    const terms = queryTerms(question);
    // One query for all the passages and their indexed terms (for the coverage that drives confidence).
    const found = await this.index.passagesWithTerms(results.map(([doc]) => Number(doc.metadata.rowid)));
    const hits: Hit[] = [];
    for (const [doc, score] of results) {
      const entry = found.get(Number(doc.metadata.rowid));
      if (entry) hits.push({ passage: entry.passage, score, coverage: coverageOf(terms, entry.terms) });
    }
    return hits;
  }


  /** The FAQ matcher over every indexed FAQ entry, built on first use and after an ingest. */
  private async faqMatcher(): Promise<FaqMatcher> {
    if (!this.faq) {
      const rows = await this.index.db.all<Parameters<typeof rowToPassage>[0]>("SELECT rowid, * FROM kb_passages WHERE kind = 'faq' ORDER BY rowid");
      this.faq = new FaqMatcher(rows.map(rowToPassage));
    }
    return this.faq;
  }

  /** The legal field of a question (for ranking and for telling the person), when it can be told. */
  classifyField(question: string): FieldGuess | undefined {
    return questionFields().classify(question);
  }

  async ask(rawQuestion: string, options: AskOptions): Promise<AskResult> {
    const question = nfc(rawQuestion);
    const top = options.top ?? 5;
    const base = { question, citations: [] as Citation[] };
    if (question === '') return { ...base, answer: say.say('empty_question'), confidence: 'low', handoff: false };
    const searched = question.slice(0, MAX_QUESTION_CHARS);
    const terms = queryTerms(searched);
    if (terms.unigrams.length === 0 && terms.bigrams.length === 0) {
      return { ...base, answer: say.say('no_words'), confidence: 'low', handoff: false };
    }
    const folded = ` ${fold(searched)} `;
    const scope = outOfScope.find((t) => t.phrases.some((p) => folded.includes(` ${p} `)));
    if (scope) {
      // The rule that puts it outside legal aid is cited, when the index holds it.
      const rule = scope.cite ? (await this.articleParts(scope.cite.document, scope.cite.article))[0] : undefined;
      const citations = rule ? [citationOf(rule, 1)] : [];
      return { ...base, citations, answer: scope.message.trim(), confidence: 'high', handoff: false, outOfScope: scope.topic };
    }

    const field = this.classifyField(searched);
    const legalAid = aboutLegalAid(searched);
    this.articleQuestions ??= new ArticleQuestionMatcher();
    const articleMatches = this.articleQuestions.match(searched, 5).filter((m) => m.score >= ARTICLE_MATCH_MIN);
    const [faqMatches, hits] = await Promise.all([
      this.faqMatcher().then((m) => m.match(searched, 5, field, legalAid, extractFacts(searched, options.today))),
      this.retrieve(searched, top * 6, options.retrieval ?? this.retrieval, { terms, field, legalAid }),
    ]);
    const faq: (FaqMatch & { match: number; hit: { passage: StoredPassage } }) | undefined = faqMatches[0]
      ? { ...faqMatches[0], match: faqMatches[0].score, hit: { passage: faqMatches[0].entry } }
      : undefined;

    const urgent = emergencyMessages(searched);
    // Articles on running the service (collaborators' cards, trainees, fees…) are cited only for a
    // question about running it: one whose nearest written question (a close one) or best passage (one
    // that covers the question well enough to answer it) is such an article.
    const aboutRunning = (articleMatches[0] !== undefined && articleMatches[0].score >= STAFF_QUESTION_MIN && staffOnly(articleMatches[0])) || (hits[0] !== undefined && hits[0].coverage >= THRESHOLDS.medium && staffOnly(hits[0].passage));
    const aboutIt = (c: Citation) => aboutRunning || !staffOnly(c);
    // A question about a named provincial plan is answered by the plan's text, not the FAQ.
    const aboutPlan = hits.slice(0, 10).some((h) => h.passage.kind === 'plan' && planWeight(searched, h.passage.documentName) === 1);
    // An entry not worded closely enough to answer alone still answers when the texts agree: its first
    // article is among what the passages and the article questions found on their own.
    const corroborated =
      faq !== undefined &&
      faq.match >= THRESHOLDS.faqCorroborated &&
      faq.match < THRESHOLDS.faq &&
      !aboutRunning &&
      !aboutPlan &&
      (faq.entry.citations ?? []).slice(0, 1).some((c) => hits.slice(0, CORROBORATING.passages).some((h) => sameArticle(h.passage, c)) || articleMatches.slice(0, CORROBORATING.articleQuestions).some((m) => sameArticle(m, c)));
    // An entry well ahead of every other (the next one far behind) is the question asked in other words:
    // it answers, saying first which question it answers, rather than an apology with buttons.
    const second = faqMatches[1]?.score ?? 0;
    // …and only when the texts found do not point elsewhere: its first article is among the best
    // passages or article questions (without that, such a lead answered another question about as
    // often as the right one, measured on dev-colloquial and ALQAC).
    const leads =
      faq !== undefined &&
      faq.match >= THRESHOLDS.faqLead &&
      second <= LEAD_SHARE * faq.match &&
      !aboutRunning &&
      !aboutPlan &&
      (faq.entry.citations ?? []).slice(0, 1).some((c) => hits.slice(0, LEAD_SUPPORT).some((h) => sameArticle(h.passage, c)) || articleMatches.slice(0, LEAD_SUPPORT).some((m) => sameArticle(m, c)));
    const answerWithFaq = async (understood: boolean): Promise<AskResult> => {
      const entry = faq!;
      const cited = current(await this.faqCitations(entry.hit.passage, entry.match, searched), options.today);
      // Of the entry's articles, the one the question itself asks about (its article questions) leads.
      const askedArticle = articleMatches.find((m) => cited.some((c) => sameArticle(c, m)));
      const citations = dedupe(askedArticle ? [...cited.filter((c) => sameArticle(c, askedArticle)), ...cited] : cited);
      // Other articles follow only when close to the best of their kind and close enough on their own:
      // a list padded with whatever came next (an article on trainees for "who gets legal aid") misleads
      // more than it helps.
      const votes = await this.articleVotes(articleMatches, terms, true);
      const topVote = votes[0]?.value ?? 0;
      const topHit = hits[0]?.score ?? 0;
      const closeHits = hits.filter((h) => h.score >= RELATED_SHARE * topHit && h.coverage >= RELATED_MIN_COVERAGE);
      // …and only from the texts of the entry's own field (no criminal code beside an answer on who is eligible).
      const own = FIELD_SOURCES.find((f) => f.id === entry.entry.field);
      const rest = dedupe([...votes.filter((v) => v.value >= RELATED_SHARE * topVote && v.value >= RELATED_MIN_VOTE).map((v) => v.citation), ...this.toCitations(closeHits)]).filter(
        (c) => !citations.some((d) => sameArticle(c, d)) && (!own || inField(own, c.source, c.document)),
      );
      const all = inForceFirst([...citations, ...current(rest, options.today).filter(aboutIt)], options.today).slice(0, top);
      const said = understood ? [say.say('faq_understood', { question: faqQuestion(entry.entry) })] : [];
      const answer = [...urgent, ...said, ...this.faqText(entry.hit.passage, cited, citations, options.today)].join('\n');
      return {
        question,
        answer,
        citations: all.map(stripLabel),
        confidence: entry.match >= THRESHOLDS.faqHigh ? 'high' : 'medium',
        handoff: false,
      };
    };
    if (faq && (faq.match >= THRESHOLDS.faq || corroborated || leads)) return answerWithFaq(faq.match < THRESHOLDS.faq);

    // FAQ entries close to the question, though not close enough to answer with alone, vote for
    // their articles; the passages found vote too, by how well the best of them covers the question.
    const close = faq && faq.match >= THRESHOLDS.faqClose ? dedupe(await this.faqCitations(faq.hit.passage, faq.match, searched)) : [];
    const suggestions = faqMatches
      .filter((m) => m.score >= THRESHOLDS.faqClose)
      .slice(0, MAX_SUGGESTIONS)
      .map((m) => ({ id: faqKey(m.entry), question: faqQuestion(m.entry) }));
    const found = this.toCitations(hits);
    const best = hits[0];
    // One content word ("72", "không rõ") matches some passage fully but says too little to answer.
    let confidence: Confidence =
      !best || best.coverage < THRESHOLDS.medium || terms.unigrams.filter((u) => terms.weights.get(u) === 1).length < MIN_CONTENT_WORDS
        ? 'low'
        : best.coverage >= THRESHOLDS.high
          ? 'high'
          : 'medium';
    const votes: Array<{ citation: LabelledCitation; value: number }> = [];
    for (const [rank, m] of faqMatches.entries()) {
      if (m.score < THRESHOLDS.faqClose) continue;
      const cited = rank === 0 ? close : dedupe(await this.faqCitations(m.entry, m.score, searched));
      cited.forEach((c, j) => votes.push({ citation: c, value: m.score * (1 - VOTE.citationDecay * j) }));
    }
    const legalAidText = (p: StoredPassage) => FIELD_SOURCES.some((f) => f.legal_aid && inField(f, p.source, p.document));
    // Article questions are about the legal-aid texts: they count fully unless the question is plainly
    // about another law (its best passage, found with confidence, is from another text) or a plan.
    const foreign = !legalAid && confidence !== 'low' && best !== undefined && !legalAidText(best.passage);
    const articleVoted = await this.articleVotes(articleMatches, terms, !foreign && !aboutPlan);
    votes.push(...articleVoted);
    const passageWeight = aboutPlan ? VOTE.plan : VOTE.passages[confidence];
    const top0 = hits[0]?.score || 1;
    // Several of the best passages from one article (its clauses) agree: that article counts more.
    const inTop = (c: Citation) => hits.slice(0, 10).filter((h) => h.passage.document === c.document && h.passage.article === c.article).length;
    found.forEach((c, i) => {
      const score = hits.find((h) => h.passage.document === c.document && h.passage.article === c.article)?.score ?? 0;
      const agreement = 1 + VOTE.agreement * Math.max(0, inTop(c) - 1);
      votes.push({ citation: c, value: (passageWeight * agreement * score) / top0 - VOTE.passageDecay * i });
    });
    const citations = inForceFirst(current(dedupe(combineVotes(votes).map((v) => v.citation)), options.today).filter((c) => aboutIt(c) || close.some((d) => sameArticle(c, d))), options.today).slice(0, top);
    // A quote that holds none of the words of something the question asks ("kiện", "thời hạn") answers
    // another question: the nearest FAQ entry answers instead, saying which question; else it is not sure.
    if (confidence === 'medium' && !this.writer && citations[0] && !citations[0].summary && !answersAsking(bestLines(citations[0].excerpt, searched), searched)) {
      if (faq && faq.match >= THRESHOLDS.faqClose && !aboutRunning && !aboutPlan) return answerWithFaq(true);
      confidence = 'low';
    }
    if (confidence === 'low') {
      // Say so; cite only texts of the question's field (nothing unrelated); name the field; offer help.
      const fieldId = legalAid ? 'tro_giup_phap_ly' : field && field.score >= 0.25 ? field.id : undefined;
      // Articles met through the questions people ask of them are related by construction.
      const asked = (c: Citation) => articleVoted.some((v) => sameArticle(v.citation, c));
      const inField = fieldId ? citations.filter((c) => asked(c) || this.inGuessedField(c, fieldId)) : citations.filter((c) => asked(c) || close.some((d) => sameArticle(c, d)));
      // The nearest FAQ entry is offered: its own basis is cited too, after the articles of the field.
      const related = close[0] ? dedupe([...inField, ...current(close, options.today)]).slice(0, top) : inField;
      const lines = [...urgent, say.say('unsure')];
      if (field && field.score >= 0.25 && !field.legalAid) lines.push(say.say('unsure_field', { field: field.label }));
      // The nearest FAQ questions are offered, not answered: their "Có." may not hold for this person.
      if (suggestions.length > 0) lines.push(offerLine(suggestions));
      // Without a recognised field an article found is a guess: not named as "có thể liên quan".
      else if (related[0] && fieldId) lines.push(say.say('maybe_related', { citation: related[0].label }));
      lines.push(say.say('unsure_offer', { hotline: options.hotline }));
      return { question, answer: lines.join('\n'), citations: related.map(stripLabel), confidence, handoff: true, ...(suggestions.length > 0 ? { suggestions } : {}) };
    }
    if (this.writer) {
      const passages = citations.map((c) => ({ label: c.label, text: c.excerpt }));
      const written = await this.writer.write(searched, passages);
      if (written) {
        const used = written.cited.map((i) => citations[i]!);
        return {
          question,
          answer: [...urgent, written.answer, ...this.notes(used, options.today)].join('\n'),
          citations: used.map(stripLabel),
          confidence,
          handoff: false,
        };
      }
    }
    const lead = citations[0]!;
    const lines = [...urgent];
    // The law, quoted; then the nearest FAQ questions, offered (not asserted).
    // A changed clause is given by its summary, not quoted as the law's words.
    // The label names the clause that is quoted, not the passage's first one.
    const quoted = lead.summary ? undefined : quotedLines(lead.excerpt, searched);
    const label = quoted ? labelForQuote(lead.label, lead.clause, quoted) : lead.label;
    lines.push(say.say('according_to', { citation: label }), quoted ? `«${resolveReferences(quoted.quote, lead)}»` : lead.excerpt);
    if (confidence === 'medium') lines.push(say.say('medium_note'));
    lines.push(...this.notes([lead], options.today));
    if (suggestions.length > 0) lines.push(offerLine(suggestions));
    return { question, answer: lines.join('\n'), citations: citations.map(stripLabel), confidence, handoff: false, ...(suggestions.length > 0 ? { suggestions } : {}) };
  }

  /** A passage's indexed terms, computed once per passage kept in memory. */
  private readonly passageTerms = new WeakMap<StoredPassage, ReturnType<typeof indexTerms>>();
  private termsOf(p: StoredPassage): ReturnType<typeof indexTerms> {
    let terms = this.passageTerms.get(p);
    if (!terms) {
      terms = indexTerms(p.text);
      this.passageTerms.set(p, terms);
    }
    return terms;
  }

  /** An article's passages, kept in memory once read (the FAQ cites a few hundred; cleared by ingest). */
  private async articleParts(document: string, article: string): Promise<StoredPassage[]> {
    const key = `${document}\u0000${article}`;
    let parts = this.articles.get(key);
    if (!parts) {
      parts = await this.index.article(document, article);
      this.articles.set(key, parts);
    }
    return parts;
  }

  /** Whether a citation's text belongs to the texts of a field. */
  private inGuessedField(c: LabelledCitation, fieldId: string): boolean {
    const f = FIELD_SOURCES.find((x) => x.id === fieldId);
    return f ? inField(f, c.source, c.document) : false;
  }

  /** The articles a FAQ entry cites, each with the passage of that article closest to the question. */
  private async faqCitations(entry: StoredPassage, match: number, question: string): Promise<LabelledCitation[]> {
    const out: LabelledCitation[] = [];
    const terms = queryTerms(`${question} ${faqQuestion(entry)}`);
    for (const ref of entry.citations ?? []) {
      // The clause the entry names, when the article is indexed by clause; else the closest part.
      const citation = await this.articleCitation(ref, match, terms);
      if (citation) out.push(citation);
    }
    return out;
  }

  /**
   * An FAQ entry's answer: its text, its basis named (an article the index does not hold is named
   * from the FAQ's data but not given as a citation), and notes. FAQ answers are written to the law
   * in force (see the file's `reviewed` date): no amendment note, but a text consolidated only to a
   * date is said to be so.
   */
  private faqText(entry: StoredPassage, cited: LabelledCitation[], citations: LabelledCitation[], today: string): string[] {
    const labels = (cited.length > 0 ? cited.map((c) => c.label) : (entry.citations ?? []).map((r) => citationLabel({ kind: 'law', article: r.article, clause: r.clause, point: r.point, documentName: documentName(r.document) }))).join('; ');
    return [entry.text, say.say('faq_basis', { citations: labels }), ...this.notes(citations, today, { amendments: false })];
  }

  /** The answer of one FAQ entry, by the `id` of a suggestion (undefined when no entry has it). */
  async answerFaq(id: string, options: AskOptions): Promise<AskResult | undefined> {
    const entry = (await this.faqMatcher()).entry(id);
    if (!entry) return undefined;
    const question = faqQuestion(entry);
    const cited = dedupe(current(await this.faqCitations(entry, 1, question), options.today));
    return { question, answer: this.faqText(entry, cited, cited, options.today).join('\n'), citations: cited.slice(0, options.top ?? 5).map(stripLabel), confidence: 'high', handoff: false };
  }

  /** The articles whose written questions are near the question, as votes (`legalAid`: at full weight). */
  private async articleVotes(matches: ArticleMatch[], terms: QueryTerms, legalAid: boolean): Promise<Array<{ citation: LabelledCitation; value: number }>> {
    const out: Array<{ citation: LabelledCitation; value: number }> = [];
    const top = matches[0]?.score ?? 1;
    const weight = legalAid ? VOTE.articles.legalAid : VOTE.articles.other;
    for (const [rank, m] of matches.entries()) {
      const citation = await this.articleCitation(m, m.score, terms);
      // Relative to the best match, as passages are relative to the best passage, and in proportion to
      // how close the best one is: a loose likeness does not outvote passages that cover the question.
      if (citation) out.push({ citation, value: weight * (m.score / top) * Math.min(1, top / ARTICLE_MATCH_FULL) * (1 - VOTE.articleDecay * rank) });
    }
    return out;
  }

  /** An article as a citation, by its part closest to the question (or the clause named), if indexed. */
  private async articleCitation(ref: ArticleRef & { clause?: string; point?: string }, score: number, terms: QueryTerms): Promise<LabelledCitation | undefined> {
    const parts = await this.articleParts(ref.document, ref.article);
    if (parts.length === 0) return undefined; // never cite what the index does not hold
    const best =
      (ref.clause ? parts.find((p) => p.clause === ref.clause) : undefined) ??
      parts.map((p) => ({ p, c: coverageOf(terms, this.termsOf(p)) })).sort((a, b) => b.c - a.c)[0]!.p;
    const clause = ref.clause ?? (parts.length > 1 ? best.clause : undefined);
    return { ...citationOf(best, score), clause, ...(ref.point && clause ? { point: ref.point } : {}), label: citationLabel({ ...best, clause, point: ref.point }) };
  }

  /** One citation per article, best first. */
  private toCitations(hits: Hit[]): LabelledCitation[] {
    const seen = new Set<string>();
    const out: LabelledCitation[] = [];
    for (const h of hits) {
      const key = articleKey(h.passage);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ ...citationOf(h.passage, h.score), label: citationLabel(h.passage), clause: h.passage.clause });
    }
    return out;
  }

  /**
   * The notes a quoted text needs today: the amendment in force for each quoted article (or clause)
   * that was changed after the text was consolidated, and the date a Pháp điển topic is consolidated
   * to ("theo văn bản hợp nhất đến …").
   */
  private notes(citations: LabelledCitation[], today: string, include = { amendments: true }): string[] {
    const out: string[] = [];
    const dates: string[] = [];
    for (const c of citations) {
      for (const a of include.amendments ? amendments : []) {
        if (c.document !== a.document || c.article !== a.article) continue;
        if (a.clauses && c.clause && !a.clauses.includes(c.clause)) continue;
        const note = noteInForce(a, today);
        const text = note && say.say('amended', { note: note.text.trim() });
        if (text && !out.includes(text)) out.push(text);
      }
      const consolidated = consolidationOf(c.source)?.consolidatedTo;
      if (consolidated && !dates.includes(consolidated)) dates.push(consolidated);
    }
    // One line for every text consolidated to a date, the dates named together ("đến 30/03/2020 và 01/11/2021").
    if (dates.length > 0) out.push(say.say('consolidated', { date: dates.sort().map(dayOf).join(' và ') }));
    return out;
  }
}

interface LabelledCitation extends Citation {
  label: string;
  clause?: string;
  point?: string;
  /** The excerpt is a summary of an amended or added clause, not the law's wording. */
  summary?: boolean;
}

/** The changes (amendments.yaml `changes`) of an article in force on `today`. */
function changesInForce(document: string, article: string, today: string): Change[] {
  return amendments.filter((a) => a.document === document && a.article === article).flatMap((a) => a.changes.filter((c) => c.from <= today));
}

function changeVerb(c: Change): string {
  return say.say(c.kind === 'added' ? 'changed_added' : 'changed_amended', { by: c.by });
}

function dayOf(iso: string): string {
  return iso.split('-').reverse().join('/');
}

/**
 * A citation as the law stands on `today`: undefined for a repealed point or a lapsed clause (never a
 * basis); an amended or added clause named with its amending provision and shown by its summary; an
 * article whose text holds changed parts, with the old lines marked (amended, repealed) and the added
 * clause put in, and, cited whole, its amending provisions named.
 */
export function currentCitation<T extends LabelledCitation>(c: T, today: string): T | undefined {
  const changes = changesInForce(c.document, c.article, today);
  if (changes.length === 0) return c;
  if (c.clause !== undefined) {
    const gone = changes.find((x) => (x.kind === 'repealed' || x.kind === 'lapsed') && x.clause === c.clause && (x.point === undefined || x.point === c.point));
    if (gone) return undefined;
    const changed = changes.find((x) => (x.kind === 'amended' || x.kind === 'added') && x.clause === c.clause && x.point === undefined && c.point === undefined);
    if (changed?.summary) {
      return {
        ...c,
        label: `${c.label} (${changeVerb(changed)})`,
        excerpt: say.say('changed_summary', { change: changeVerb(changed), date: dayOf(changed.from), summary: changed.summary.trim() }),
        summary: true,
      };
    }
  }
  const bases = [...new Set(changes.filter((x) => x.kind === 'amended' || x.kind === 'added').map((x) => x.by))];
  const label = c.clause === undefined && bases.length > 0 ? `${c.label} (${say.say('changed_article', { by: bases.join(' và ') })})` : c.label;
  return { ...c, label, excerpt: markChanges(c.excerpt, changes) };
}

/** An article's text with its changed lines marked: "5. …" → the summary of the new clause, "đ) …" → repealed, an added clause after the one it follows. */
function markChanges(text: string, changes: Change[]): string {
  const lines = text.split('\n');
  const clauseAt = (clause: string) => lines.findIndex((l) => l.startsWith(`${clause}. `));
  for (const x of changes) {
    const at = clauseAt(x.clause);
    if (x.kind === 'amended' && x.point === undefined && at >= 0 && x.summary) {
      lines[at] = `${x.clause}. ${say.say('changed_summary', { change: changeVerb(x), date: dayOf(x.from), summary: x.summary.trim() })}`;
    } else if (x.kind === 'added' && x.after !== undefined && x.summary) {
      const after = clauseAt(x.after);
      if (after < 0) continue;
      let end = after + 1;
      while (end < lines.length && !/^\d+[a-z]?\. /u.test(lines[end]!)) end++;
      lines.splice(end, 0, `${x.clause}. ${say.say('changed_summary', { change: changeVerb(x), date: dayOf(x.from), summary: x.summary.trim() })}`);
    } else if ((x.kind === 'repealed' || x.kind === 'lapsed') && at >= 0) {
      let target = at;
      if (x.point !== undefined) {
        target = -1;
        for (let i = at + 1; i < lines.length && !/^\d+[a-z]?\. /u.test(lines[i]!); i++) if (lines[i]!.startsWith(`${x.point}) `)) target = i;
      }
      if (target >= 0) lines[target] = `${lines[target]} ${say.say('changed_repealed', { date: dayOf(x.from), by: x.by })}`;
    }
  }
  return lines.join('\n');
}

/** The citations as the law stands on `today` (see currentCitation): repealed parts left out. */
function current<T extends LabelledCitation>(list: T[], today: string): T[] {
  return list.flatMap((c) => currentCitation(c, today) ?? []);
}

/** An amendment's note in force on `today` ("YYYY-MM-DD"), if any. */
function noteInForce(a: (typeof amendments)[number], today: string): (typeof amendments)[number]['notes'][number] | undefined {
  return a.notes.find((n) => n.from <= today && (n.until === null || today <= n.until));
}

/** The FAQ entry's own question (the first of its phrasings). */
function faqQuestion(entry: StoredPassage): string {
  return entry.title.split(' | ')[0]!;
}

/** "Có thể bạn muốn hỏi: «…» hoặc «…»" for the offered FAQ entries. */
function offerLine(suggestions: ReadonlyArray<{ question: string }>): string {
  return say.say('suggest_faq', { questions: suggestions.map((x) => `«${x.question}»`).join(' hoặc ') });
}

/**
 * The list with citations of a clause no longer in force on `today` (amendments.yaml notes on named
 * clauses, e.g. TT 08 Điều 33 khoản 11 and 13) moved to the end: such a clause is never the basis
 * given first, nor the one quoted.
 */
function inForceFirst(list: LabelledCitation[], today: string): LabelledCitation[] {
  const superseded = (c: LabelledCitation) =>
    c.clause !== undefined &&
    amendments.some((a) => a.clauses?.includes(c.clause!) && a.document === c.document && a.article === c.article && noteInForce(a, today) !== undefined);
  return [...list.filter((c) => !superseded(c)), ...list.filter(superseded)];
}

/** One citation per article, first kept. */
/**
 * One vote per article, best first: its strongest vote plus `VOTE.corroboration` of the others, so an
 * article that an FAQ entry, a written question and a passage all point to outranks one that a
 * single source favours slightly more. The citation kept is the one from the strongest vote.
 */
export function combineVotes<T extends { citation: LabelledCitation; value: number }>(votes: T[]): T[] {
  const byArticle = new Map<string, { best: T; value: number }>();
  for (const v of [...votes].sort((a, b) => b.value - a.value)) {
    const key = articleKey(v.citation);
    const seen = byArticle.get(key);
    if (seen) seen.value += VOTE.corroboration * Math.max(0, v.value);
    else byArticle.set(key, { best: v, value: v.value });
  }
  return [...byArticle.values()].sort((a, b) => b.value - a.value).map((e) => ({ ...e.best, value: e.value }));
}

/** One article, whichever copy of its document (document-status.yaml `same_as`) it comes from. */
function articleKey(c: ArticleRef): string {
  return `${canonicalDocument(c.document)}\u0000${c.article}`;
}

function dedupe(list: LabelledCitation[]): LabelledCitation[] {
  const seen = new Set<string>();
  return list.filter((c) => {
    const key = articleKey(c);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * A quoted passage's references to its own article or document ("điểm a khoản 7 Điều này", "quy
 * định tại Luật này") named, so the quote stands alone.
 */
export function resolveReferences(text: string, c: Pick<Citation, 'article'> & { label: string }): string {
  const documentName = c.label.replace(/^.*?Điều \S+ /u, '');
  return text
    .replace(/(Điều|điều) này/gu, `Điều ${c.article} ${documentName}`)
    .replace(/(Luật|Nghị định|Thông tư|Thông tư liên tịch|Bộ luật) này/gu, documentName);
}

function citationOf(p: StoredPassage, score: number): Citation {
  return { document: p.document, article: p.article, title: p.title, excerpt: p.text, score: Math.round(score * 1000) / 1000, source: p.source };
}

function stripLabel({ label: _label, clause: _clause, point: _point, summary: _summary, ...c }: LabelledCitation): Citation {
  return c;
}

function sameArticle(a: ArticleRef, b: ArticleRef): boolean {
  return articleKey(a) === articleKey(b);
}

/** A clause of a question that asks (ends "… không", "… ở đâu", "… bao lâu", "… thế nào"), compared folded. */
const ASKS_AT_END = /(?:^|\s)(?:khong|ko|k|hok|hong|chua|sao|gi|j|nao|dau|bao lau|bao nhieu|bn|the nao|ntn|lam sao|ai|a|nhi|ha|vay|khong a)$/u;

/**
 * Whether a quote speaks to every asking clause of the question that has words of its own: "có kiện
 * được không" needs "kiện" in it, "thời hạn bao lâu" "thời hạn" (a question with no such clause passes).
 */
export function answersAsking(quote: string, question: string): boolean {
  const quoted = indexTerms(quote);
  for (const clause of question.split(/[,.;:?!\n]+/u)) {
    if (!ASKS_AT_END.test(fold(clause).trim())) continue;
    const terms = queryTerms(clause, { expand: false });
    const own = { ...terms, unigrams: terms.unigrams.filter((u) => !/^\d+$/u.test(u)), bigrams: [] as string[] };
    if (own.unigrams.length === 0) continue;
    if (coverageOf(own, quoted) === 0) return false;
  }
  return true;
}

/** The one to three lines of a passage that say most of what was asked, at most ~500 characters. */
export function bestLines(text: string, question: string): string {
  return quotedLines(text, question).quote;
}

/**
 * The lines `bestLines` quotes, with the clause (khoản) and point (điểm) they belong to, read from the
 * passage's own numbering ("3. …", "b) …"), so the label names what is quoted.
 */
export function quotedLines(text: string, question: string): { quote: string; clause?: string; point?: string } {
  const terms = queryTerms(question);
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  if (lines.length === 0) return { quote: '' };
  let bestStart = 0;
  let bestScore = -1;
  for (let i = 0; i < lines.length; i++) {
    const s = coverageOf(terms, indexTerms(lines[i]!));
    if (s > bestScore) {
      bestScore = s;
      bestStart = i;
    }
  }
  let out = lines[bestStart]!;
  // A line ending in ":" introduces a list: keep the items that follow.
  for (let i = bestStart + 1; i < lines.length && out.length < 450 && /[:：]$/u.test(lines[bestStart]!); i++) out += `\n${lines[i]}`;
  const point = POINT_START.exec(lines[bestStart]!)?.[1];
  let clause: string | undefined;
  for (let i = bestStart; i >= 0 && clause === undefined; i--) clause = CLAUSE_START.exec(lines[i]!)?.[1];
  return { quote: cutText(out, 600), ...(clause !== undefined ? { clause } : {}), ...(point !== undefined && clause !== undefined ? { point } : {}) };
}

/** A line that opens a clause ("3. Trong trường hợp…", "6a. …") or a point ("b) …"). */
const CLAUSE_START = /^(\d{1,2}[a-zđ]?)\.\s/u;
const POINT_START = /^([a-zđ])\)\s/u;

/**
 * The label of a law citation made to name the clause (and point) actually quoted: "khoản 1 Điều 81 …"
 * quoting khoản 3 becomes "khoản 3 Điều 81 …". Labels of plans, and quotes without numbering, stay.
 */
export function labelForQuote(label: string, labelClause: string | undefined, quoted: { clause?: string; point?: string }): string {
  if (quoted.clause === undefined || !/^(?:điểm \S+ )?(?:khoản \S+ )?Điều /u.test(label)) return label;
  if (quoted.clause === labelClause && quoted.point === undefined) return label;
  const prefix = `${quoted.point ? `điểm ${quoted.point} ` : ''}khoản ${quoted.clause} `;
  return label.replace(/^(?:điểm \S+ )?(?:khoản \S+ )?(?=Điều )/u, prefix);
}
