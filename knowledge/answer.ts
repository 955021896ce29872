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
import { fold, nfc } from '../lib/text.ts';
import { KnowledgeIndex, type StoredPassage } from './index.ts';
import { indexTerms, queryTerms, type QueryTerms } from './normalize.ts';
import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import type { SqliteVectorStore } from './embeddings/sqlite-vector-store.ts';
import type { LlmAnswerWriter } from './llm-answer.ts';
import { coverageOf, LexicalSearch, type Hit } from './search.ts';

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
]);

const outOfScope = z
  .array(z.object({ topic: z.string(), message: z.string(), phrases: z.array(z.string()) }))
  .parse(parse(readFileSync(new URL('./out-of-scope.yaml', import.meta.url), 'utf8')))
  .map((t) => ({ ...t, phrases: t.phrases.map(fold) }));

const isoDay = z.union([z.string(), z.date()]).transform((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v));
const amendments = z
  .array(
    z.object({
      document: z.string(),
      article: z.string(),
      notes: z.array(z.object({ from: isoDay, until: isoDay.nullable(), text: z.string() })),
    }),
  )
  .parse(parse(readFileSync(new URL('./amendments.yaml', import.meta.url), 'utf8')));

/** Longest question searched; the rest of a very long message is ignored. */
const MAX_QUESTION_CHARS = 2000;

/** A quoted passage needs a question with at least this many content syllables. */
const MIN_CONTENT_WORDS = 2;

/** Thresholds on coverage (share of the question's terms a passage holds). */
export const THRESHOLDS = { faq: 0.5, faqHigh: 0.7, high: 0.6, medium: 0.35 };

/** "khoản 2 Điều 7 Luật Trợ giúp pháp lý 2017", "mục B.I.3 Quyết định 687/QĐ-UBND …". */
export function citationLabel(p: Pick<StoredPassage, 'kind' | 'article' | 'clause' | 'documentName'>): string {
  if (p.kind === 'plan') return `mục ${p.article} ${p.documentName}`;
  return `${p.clause ? `khoản ${p.clause} ` : ''}Điều ${p.article} ${p.documentName}`;
}

export class KnowledgeBase {
  readonly index: KnowledgeIndex;
  private readonly search: LexicalSearch;
  private readonly faqSearch: LexicalSearch;

  /** How passages are found; "dense" and "hybrid" need `dense`. */
  retrieval: RetrievalMode = 'lexical';
  dense: DenseRetrieval | undefined;
  /** Writes answers from the passages with a language model, when configured. */
  writer: LlmAnswerWriter | undefined;

  constructor(db: SqliteDatabase) {
    this.index = new KnowledgeIndex(db);
    this.search = new LexicalSearch(db);
    this.faqSearch = new LexicalSearch(db, { fts: 'kb_faq_fts', vocab: 'kb_faq_vocab' });
  }

  async init(): Promise<void> {
    await this.index.init();
  }

  /** Indexes what changed under `dirs` (see KnowledgeIndex.ingest). */
  async ingest(dirs: string[]) {
    const report = await this.index.ingest(dirs);
    this.weights = undefined;
    this.search.reset();
    this.faqSearch.reset();
    return report;
  }

  private weights: TermWeights | undefined;

  /**
   * The passages (laws and plans) for a question: by words (FTS5), by meaning (embeddings), or both
   * fused by reciprocal rank (score = Σ 1/(60 + rank)).
   */
  async retrieve(question: string, k: number, mode: RetrievalMode = this.retrieval): Promise<Hit[]> {
    if (mode === 'lexical' || !this.dense) return this.search.search(question, k);
    const pool = Math.max(k, 40);
    const [lexical, dense] = await Promise.all([mode === 'hybrid' ? this.search.search(question, pool) : Promise.resolve([]), this.denseHits(question, pool)]);
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


  private async faqWeights(): Promise<TermWeights> {
    this.weights ??= faqTermWeights(
      (await this.index.db.all<{ title: string }>("SELECT title FROM kb_passages WHERE kind = 'faq'")).map((r) => r.title),
    );
    return this.weights;
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
    if (scope) return { ...base, answer: scope.message.trim(), confidence: 'high', handoff: false, outOfScope: scope.topic };

    const [faqHits, hits] = await Promise.all([
      this.faqSearch.search(searched, 10),
      this.retrieve(searched, top * 6, options.retrieval ?? this.retrieval),
    ]);
    const weights = await this.faqWeights();
    const faq = faqHits
      .map((h) => ({ hit: h, match: faqMatch(terms, h.passage.title, weights) }))
      .sort((a, b) => b.match - a.match || b.hit.score - a.hit.score)[0];

    if (faq && faq.match >= THRESHOLDS.faq) {
      const citations = await this.faqCitations(faq.hit.passage, faq.match, searched);
      const rest = this.toCitations(hits).filter((c) => !citations.some((d) => sameArticle(c, d)));
      const all = [...citations, ...rest].slice(0, top);
      const labels = citations.map((c) => c.label).join('; ');
      // FAQ answers are written to the law in force (see the file's `reviewed` date): no amendment note.
      const answer = [faq.hit.passage.text, say.say('faq_basis', { citations: labels })].join('\n');
      return {
        question,
        answer,
        citations: all.map(stripLabel),
        confidence: faq.match >= THRESHOLDS.faqHigh ? 'high' : 'medium',
        handoff: false,
      };
    }

    const citations = this.toCitations(hits).slice(0, top);
    const best = hits[0];
    // One content word ("72", "không rõ") matches some passage fully but says too little to answer.
    const confidence: Confidence =
      !best || best.coverage < THRESHOLDS.medium || terms.unigrams.length < MIN_CONTENT_WORDS
        ? 'low'
        : best.coverage >= THRESHOLDS.high
          ? 'high'
          : 'medium';
    if (confidence === 'low') {
      const lines = [say.say('unsure', { hotline: options.hotline })];
      if (citations[0]) lines.push(say.say('maybe_related', { citation: citations[0].label }));
      return { question, answer: lines.join('\n'), citations: citations.map(stripLabel), confidence, handoff: true };
    }
    if (this.writer) {
      const passages = citations.map((c) => ({ label: c.label, text: c.excerpt }));
      const written = await this.writer.write(searched, passages);
      if (written) {
        const used = written.cited.map((i) => citations[i]!);
        return {
          question,
          answer: [written.answer, ...this.notes(used, options.today)].join('\n'),
          citations: used.map(stripLabel),
          confidence,
          handoff: false,
        };
      }
    }
    const lead = citations[0]!;
    const lines = [say.say('according_to', { citation: lead.label }), `«${bestLines(lead.excerpt, searched)}»`];
    if (confidence === 'medium') lines.push(say.say('medium_note'));
    lines.push(...this.notes(citations, options.today));
    return { question, answer: lines.join('\n'), citations: citations.map(stripLabel), confidence, handoff: false };
  }

  /** The articles a FAQ entry cites, each with the passage of that article closest to the question. */
  private async faqCitations(entry: StoredPassage, match: number, question: string): Promise<LabelledCitation[]> {
    const out: LabelledCitation[] = [];
    const terms = queryTerms(`${question} ${entry.title.split(' | ')[0]}`);
    for (const ref of entry.citations ?? []) {
      const parts = await this.index.article(ref.document, ref.article);
      if (parts.length === 0) continue; // never cite what the index does not hold
      const best = parts
        .map((p) => ({ p, c: coverageOf(terms, indexTerms(p.text)) }))
        .sort((a, b) => b.c - a.c)[0]!.p;
      out.push({ ...citationOf(best, match), label: citationLabel({ ...best, clause: parts.length > 1 ? best.clause : undefined }) });
    }
    return out;
  }

  /** One citation per article, best first. */
  private toCitations(hits: Hit[]): LabelledCitation[] {
    const seen = new Set<string>();
    const out: LabelledCitation[] = [];
    for (const h of hits) {
      const key = `${h.passage.document}\u0000${h.passage.article}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ ...citationOf(h.passage, h.score), label: citationLabel(h.passage) });
    }
    return out;
  }

  /** The amendment note in force today when the answer rests on an amended article. */
  private notes(citations: Citation[], today: string): string[] {
    const out: string[] = [];
    const lead = citations[0];
    for (const a of amendments) {
      if (!lead || lead.document !== a.document || lead.article !== a.article) continue;
      const note = a.notes.find((n) => n.from <= today && (n.until === null || today <= n.until));
      if (note) out.push(say.say('amended', { note: note.text.trim() }));
    }
    return out;
  }
}

/** Term weights over the FAQ's phrasings: a term most entries share ("trợ giúp pháp lý") weighs little. */
export type TermWeights = (term: string) => number;

export function faqTermWeights(phrasingLists: string[]): TermWeights {
  const df = new Map<string, number>();
  for (const list of phrasingLists) {
    const t = queryTerms(list.replaceAll(' | ', ' . '));
    for (const term of new Set([...t.unigrams, ...t.bigrams])) df.set(term, (df.get(term) ?? 0) + 1);
  }
  const n = Math.max(phrasingLists.length, 1);
  return (term) => Math.log(1 + n / (df.get(term) ?? 0.5)) * (term.includes('_') ? 1.5 : 1);
}

/**
 * How well a question matches a FAQ entry: the best weighted F1 between the question's terms and
 * the terms of one of the entry's phrasings (its question and alternatives, joined by " | ").
 */
export function faqMatch(terms: QueryTerms, phrasings: string, weight: TermWeights): number {
  const asked = new Set([...terms.unigrams, ...terms.bigrams]);
  if (asked.size === 0) return 0;
  const total = (set: Set<string>) => [...set].reduce((s, x) => s + weight(x), 0);
  const askedWeight = total(asked);
  let best = 0;
  for (const phrasing of phrasings.split(' | ')) {
    const t = queryTerms(phrasing);
    const own = new Set([...t.unigrams, ...t.bigrams]);
    if (own.size === 0) continue;
    let overlap = 0;
    for (const term of own) if (asked.has(term)) overlap += weight(term);
    const precision = overlap / total(own);
    const recall = overlap / askedWeight;
    if (precision + recall > 0) best = Math.max(best, (2 * precision * recall) / (precision + recall));
  }
  return best;
}

interface LabelledCitation extends Citation {
  label: string;
}

function citationOf(p: StoredPassage, score: number): Citation {
  return { document: p.document, article: p.article, title: p.title, excerpt: p.text, score: Math.round(score * 1000) / 1000, source: p.source };
}

function stripLabel({ label: _label, ...c }: LabelledCitation): Citation {
  return c;
}

function sameArticle(a: Citation, b: Citation): boolean {
  return a.document === b.document && a.article === b.article;
}

/** The one to three lines of a passage that say most of what was asked, at most ~500 characters. */
export function bestLines(text: string, question: string): string {
  const terms = queryTerms(question);
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  if (lines.length === 0) return '';
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
  return out.length > 600 ? `${out.slice(0, 597)}…` : out;
}
