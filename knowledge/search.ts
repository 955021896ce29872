/**
 * Lexical retrieval: the question's terms (normalize.ts, with the lexicon's law words at their
 * weights) against the FTS5 index. Candidates come from two queries: the selective terms over
 * title and body (BM25, title weighted above body), and every term over titles alone, so an
 * article whose title is the question ("Người được trợ giúp pháp lý") is found even when all its
 * words are common. Candidates are then re-scored by:
 * - how much of the question a passage covers (a two-syllable term found counts more than a lone
 *   syllable; rare terms more than common ones), discounted for very long passages;
 * - how well the title and the question agree, both ways;
 * - the document's standing (document-status.yaml: texts that predate the law in force count less);
 * - the question's field (question-field.ts): the texts of that field are preferred, and the
 *   legal-aid texts for questions about legal aid itself.
 */
import type { SqliteDatabase } from '../lib/sqlite.ts';
import { canonicalDocument, documentWeight } from './document-status.ts';
import { rowToPassage, type StoredPassage } from './index.ts';
import { ftsQuery, queryTerms, STOPWORDS, type QueryTerms } from './normalize.ts';
import { FIELD_SOURCES, inField, planWeight, type FieldGuess } from './question-field.ts';

export interface Hit {
  passage: StoredPassage;
  /** Higher is better; comparable within one question. */
  score: number;
  /** Share of the question's content terms the passage holds (0–1). */
  coverage: number;
}

/** What the caller already knows of the question. */
export interface SearchContext {
  terms?: QueryTerms;
  field?: FieldGuess;
  /** The question is about legal aid itself (question-field.ts `aboutLegalAid`). */
  legalAid?: boolean;
}

/** How many FTS candidates each query brings before re-scoring. */
const CANDIDATES = 40;

/** A term found in more than this share of passages (and more than MIN_COMMON_DF) is not used to select candidates. */
const COMMON_SHARE = 0.15;
const MIN_COMMON_DF = 200;

/** A syllable selects candidates only below this share of the two-syllable terms' limit. */
const UNIGRAM_SHARE = 0.2;
/** At most this many terms select candidates (the strongest by weight). */
const MAX_MATCH_TERMS = 12;
/** A two-syllable term in more passages than this does not select candidates by title. */
const MAX_TITLE_DF = 3000;

/** At most this many terms' document frequencies are kept in memory (about 5 MB); then they start over. */
const MAX_CACHED_TERMS = 100_000;

/** Passages longer than this many characters start to lose coverage credit. */
const LONG_PASSAGE = 700;

/** How sure the field guess must be before it moves the ranking, and how much it moves it. */
const FIELD_MIN_SCORE = 0.2;
const FIELD_BOOST = 0.35;
const LEGAL_AID_BOOST = 0.5;

/** The legal-aid texts' file prefix: preferred for any question that names legal aid. */
const LEGAL_AID_FIELD = FIELD_SOURCES.find((f) => f.id === 'tro_giup_phap_ly')!;

type Row = Parameters<typeof rowToPassage>[0] & { bm25: number; title_terms: string; body_terms: string };

export class LexicalSearch {
  private passageCount: number | undefined;
  /** Document frequency of each term looked up since the last ingest (0: in no passage). */
  private readonly documentFrequency = new Map<string, number>();

  /** @param tables the FTS5 table of laws and plans and its fts5vocab table. */
  constructor(
    private readonly db: SqliteDatabase,
    private readonly tables: { fts: string; vocab: string } = { fts: 'kb_fts', vocab: 'kb_vocab' },
  ) {}

  /** Forget cached corpus statistics (after an ingest). */
  reset(): void {
    this.passageCount = undefined;
    this.documentFrequency.clear();
  }

  /**
   * Document frequencies of the question's terms, and weights from them: inverse document
   * frequency, so that words every legal-aid text holds ("trợ giúp pháp lý") count less than the
   * ones that pick the article; times the term's own weight (1, or the lexicon's for law words).
   */
  private async termStats(terms: QueryTerms) {
    const all = [...terms.unigrams, ...terms.bigrams];
    this.passageCount ??= (await this.db.get<{ n: number }>(`SELECT count(*) AS n FROM ${this.tables.fts}`))!.n;
    const n = this.passageCount;
    // Document frequencies change only with an ingest: the ones already looked up are kept.
    const unknown = all.filter((t) => !this.documentFrequency.has(t));
    if (unknown.length > 0) {
      const rows = await this.db.all<{ term: string; doc: number }>(
        `SELECT term, doc FROM ${this.tables.vocab} WHERE term IN (${unknown.map(() => '?').join(', ')})`,
        unknown,
      );
      if (this.documentFrequency.size + unknown.length > MAX_CACHED_TERMS) this.documentFrequency.clear();
      for (const t of unknown) this.documentFrequency.set(t, 0);
      for (const r of rows) this.documentFrequency.set(r.term, r.doc);
    }
    const df = (term: string) => this.documentFrequency.get(term) ?? 0;
    const weight = (term: string) => Math.log(1 + n / Math.max(df(term), 1)) * defaultWeight(term) * (terms.weights.get(term) ?? 1);
    return { n, df, weight };
  }

  async search(question: string, limit: number, context: SearchContext = {}): Promise<Hit[]> {
    const terms = context.terms ?? queryTerms(question);
    const stats = await this.termStats(terms);
    // Terms in most passages pick nothing and make the search slow: leave them out of the match
    // (they still count in coverage), unless nothing else is left. A small index keeps them all.
    const commonDf = Math.max(stats.n * COMMON_SHARE, MIN_COMMON_DF);
    const present = (t: string) => stats.df(t) > 0;
    // A lone syllable must be rarer than a two-syllable term to select candidates (syllables are many
    // and their postings long; the pairs carry the meaning).
    const selective = (t: string) => present(t) && stats.df(t) <= (t.includes('_') ? commonDf : commonDf * UNIGRAM_SHARE);
    const pick = (keep: (t: string) => boolean): QueryTerms => ({
      ...terms,
      unigrams: terms.unigrams.filter(keep),
      bigrams: terms.bigrams.filter(keep),
    });
    // The most telling terms only: a long question (and the lexicon's additions) would otherwise make
    // a query of a hundred terms, slow and no better.
    const strongest = (t: QueryTerms): QueryTerms => {
      const ranked = [...t.bigrams, ...t.unigrams].sort((a, b) => stats.weight(b) - stats.weight(a)).slice(0, MAX_MATCH_TERMS);
      return { ...t, unigrams: t.unigrams.filter((x) => ranked.includes(x)), bigrams: t.bigrams.filter((x) => ranked.includes(x)) };
    };
    const narrowed = pick(selective);
    const match = ftsQuery(strongest(narrowed.unigrams.length + narrowed.bigrams.length > 0 ? narrowed : pick(present)));
    if (match === '') return [];
    // The best candidates by BM25 first, then their rows: joining before the LIMIT would carry every
    // matching passage's text through the sort (three times slower). The indexed terms are read from
    // the FTS5 table's own content table by id, a plain lookup.
    const select = `SELECT p.rowid AS rowid, p.*, c.c0 AS title_terms, c.c1 AS body_terms, t.bm25
       FROM (SELECT rowid, bm25(${this.tables.fts}, 3.0, 1.0) AS bm25 FROM ${this.tables.fts}
             WHERE ${this.tables.fts} MATCH ? ORDER BY bm25 LIMIT ${CANDIDATES}) t
       JOIN kb_passages p ON p.rowid = t.rowid JOIN ${this.tables.fts}_content c ON c.id = t.rowid
       ORDER BY t.bm25`;
    // Titles are few words: every two-syllable term the question has may pick one.
    const titleTerms = ftsQuery(strongest({ ...terms, unigrams: [], bigrams: terms.bigrams.filter((t) => present(t) && stats.df(t) <= MAX_TITLE_DF) }));
    const [rows, titleRows] = await Promise.all([
      this.db.all<Row>(select, [match]),
      titleTerms === '' ? Promise.resolve([] as Row[]) : this.db.all<Row>(select, [`title_terms : (${titleTerms})`]),
    ]);
    if (rows.length === 0 && titleRows.length === 0) return [];
    const weight = stats.weight;
    const best = rows.length > 0 ? -rows[0]!.bm25 : 1;
    const byRowid = new Map<number, { row: Row; bm25: number }>();
    for (const row of rows) byRowid.set(row.rowid, { row, bm25: -row.bm25 / (best || 1) });
    for (const row of titleRows) if (!byRowid.has(row.rowid)) byRowid.set(row.rowid, { row, bm25: 0 });
    const field = context.field && context.field.score >= FIELD_MIN_SCORE ? FIELD_SOURCES.find((f) => f.id === context.field!.id) : undefined;
    const aboutLegalAid = context.legalAid ?? (terms.bigrams.includes('tro_giup') && terms.bigrams.includes('phap_ly'));
    const hits = [...byRowid.values()].map(({ row, bm25 }) => {
      const titleSet = new Set(row.title_terms.split(' '));
      const coverage = coverageOf(terms, new Set([...titleSet, ...row.body_terms.split(' ')]), weight);
      const titleRecall = coverageOf(terms, titleSet, weight);
      const titlePrecision = titleCovered(row.title_terms, terms);
      const length = row.text.length;
      const lengthFactor = length <= LONG_PASSAGE ? 1 : 1 / (1 + 0.25 * Math.log2(length / LONG_PASSAGE));
      // A title the question says whole ("Điều kiện thành lập Chi nhánh") is strong evidence.
      let score = 0.35 * bm25 + 0.25 * coverage * lengthFactor + 0.15 * titleRecall + 0.25 * titlePrecision ** 2 * Math.min(1, titleRecall * 3);
      score *= documentWeight(row.document);
      if (row.kind === 'plan') score *= planWeight(question, row.document_name);
      if (field) {
        const confidence = Math.min(1, context.field!.score * 2);
        score *= inField(field, row.source, row.document) ? 1 + FIELD_BOOST * confidence : 1 - 0.2 * confidence;
      }
      if (aboutLegalAid && inField(LEGAL_AID_FIELD, row.source, row.document)) score *= 1 + LEGAL_AID_BOOST;
      return { passage: rowToPassage(row), score, coverage };
    });
    hits.sort((a, b) => b.score - a.score);
    // A text the corpus holds twice (document-status.yaml `same_as`) is found once: its better copy.
    const seen = new Set<string>();
    return hits
      .filter((h) => {
        const key = `${canonicalDocument(h.passage.document)}\u0000${h.passage.article}\u0000${h.passage.clause ?? ''}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      })
      .slice(0, limit);
  }
}

/**
 * Share of a title's own words the question holds: 1 when the question says everything the title
 * says ("ai được trợ giúp pháp lý" for "Người được trợ giúp pháp lý"). The article number and stop
 * words do not count.
 */
function titleCovered(titleTerms: string, terms: QueryTerms): number {
  const asked = new Set([...terms.unigrams, ...terms.bigrams, ...terms.syllables]);
  const own = titleTerms.split(' ').filter((t) => t !== '' && !t.includes('_') && !STOPWORDS.has(t) && t !== 'dieu' && !/^\d/u.test(t));
  if (own.length === 0) return 0;
  return own.filter((t) => asked.has(t)).length / own.length;
}

/**
 * Share of the question's content terms found in `indexed`, each term weighted (by default a
 * two-syllable term weighs double a syllable). The law words the lexicon added (weight below 1)
 * count when found but are not owed: a passage is not marked down for lacking a synonym of a word
 * it already holds.
 */
export function coverageOf(
  terms: QueryTerms,
  indexed: string | ReadonlySet<string>,
  weight: (term: string) => number = (t) => defaultWeight(t) * (terms.weights.get(t) ?? 1),
): number {
  const has = typeof indexed === 'string' ? new Set(indexed.split(' ')) : indexed;
  let total = 0;
  let found = 0;
  for (const t of [...terms.unigrams, ...terms.bigrams]) {
    const w = weight(t);
    const own = (terms.weights.get(t) ?? 1) >= 1;
    if (own) total += w;
    if (has.has(t)) found += w;
  }
  return total === 0 ? 0 : Math.min(1, found / total);
}

function defaultWeight(term: string): number {
  return term.includes('_') ? 2 : 1;
}
