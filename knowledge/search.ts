/**
 * Lexical retrieval: the question's terms (normalize.ts) against the FTS5 index, ranked by BM25
 * with the title weighted above the body, then re-scored by how much of the question a passage
 * covers (a two-syllable term found counts more than a lone syllable).
 */
import type { SqliteDatabase } from '../lib/sqlite.ts';
import { rowToPassage, type StoredPassage } from './index.ts';
import { ftsQuery, queryTerms, type QueryTerms } from './normalize.ts';

export interface Hit {
  passage: StoredPassage;
  /** Higher is better; comparable within one question. */
  score: number;
  /** Share of the question's content terms the passage holds (0–1). */
  coverage: number;
}

/** How many FTS candidates are re-scored before the top ones are kept. */
const CANDIDATES = 40;

/** A term found in more than this share of passages (and more than MIN_COMMON_DF) is not used to select candidates. */
const COMMON_SHARE = 0.15;
const MIN_COMMON_DF = 200;

export class LexicalSearch {
  private passageCount: number | undefined;

  /**
   * @param tables the FTS5 table and its fts5vocab table: `kb_fts`/`kb_vocab` for laws and plans,
   *   `kb_faq_fts`/`kb_faq_vocab` for the FAQ.
   */
  constructor(
    private readonly db: SqliteDatabase,
    private readonly tables: { fts: string; vocab: string } = { fts: 'kb_fts', vocab: 'kb_vocab' },
  ) {}

  /** Forget cached corpus statistics (after an ingest). */
  reset(): void {
    this.passageCount = undefined;
  }

  /**
   * Document frequencies of the question's terms, and weights from them: inverse document
   * frequency, so that words every legal-aid text holds ("trợ giúp pháp lý") count less than the
   * ones that pick the article.
   */
  private async termStats(terms: QueryTerms) {
    const all = [...terms.unigrams, ...terms.bigrams];
    this.passageCount ??= (await this.db.get<{ n: number }>(`SELECT count(*) AS n FROM ${this.tables.fts}`))!.n;
    const n = this.passageCount;
    const rows = all.length === 0 ? [] : await this.db.all<{ term: string; doc: number }>(
      `SELECT term, doc FROM ${this.tables.vocab} WHERE term IN (${all.map(() => '?').join(', ')})`,
      all,
    );
    const counts = new Map(rows.map((r) => [r.term, r.doc]));
    const df = (term: string) => counts.get(term) ?? 0;
    return { n, df, weight: (term: string) => Math.log(1 + n / Math.max(df(term), 1)) * defaultWeight(term) };
  }

  async search(question: string, limit: number): Promise<Hit[]> {
    const terms = queryTerms(question);
    const stats = await this.termStats(terms);
    // Terms in most passages pick nothing and make the search slow: leave them out of the match
    // (they still count in coverage), unless nothing else is left. A small index keeps them all.
    const commonDf = Math.max(stats.n * COMMON_SHARE, MIN_COMMON_DF);
    const present = (t: string) => stats.df(t) > 0;
    const selective = (t: string) => present(t) && stats.df(t) <= commonDf;
    const pick = (keep: (t: string) => boolean): QueryTerms => ({
      ...terms,
      unigrams: terms.unigrams.filter(keep),
      bigrams: terms.bigrams.filter(keep),
    });
    const narrowed = pick(selective);
    const match = ftsQuery(narrowed.unigrams.length + narrowed.bigrams.length > 0 ? narrowed : pick(present));
    if (match === '') return [];
    const rows = await this.db.all<Parameters<typeof rowToPassage>[0] & { bm25: number; title_terms: string; body_terms: string }>(
      `SELECT p.rowid AS rowid, p.*, f.title_terms, f.body_terms, bm25(${this.tables.fts}, 3.0, 1.0) AS bm25
       FROM ${this.tables.fts} f JOIN kb_passages p ON p.rowid = f.rowid
       WHERE ${this.tables.fts} MATCH ?
       ORDER BY bm25 LIMIT ${CANDIDATES}`,
      [match],
    );
    if (rows.length === 0) return [];
    const weight = stats.weight;
    const best = -rows[0]!.bm25;
    const hits = rows.map((row) => {
      const coverage = coverageOf(terms, `${row.title_terms} ${row.body_terms}`, weight);
      const titleCoverage = coverageOf(terms, row.title_terms, weight);
      // BM25 normalised to the best candidate, blended with how much of the question the passage
      // and its heading hold.
      const score = 0.5 * (-row.bm25 / (best || 1)) + 0.3 * coverage + 0.2 * titleCoverage;
      return { passage: rowToPassage(row), score, coverage };
    });
    hits.sort((a, b) => b.score - a.score);
    return hits.slice(0, limit);
  }
}

/**
 * Share of the question's content terms found in `indexed`, each term weighted (by default a
 * two-syllable term weighs double a syllable).
 */
export function coverageOf(terms: QueryTerms, indexed: string, weight: (term: string) => number = defaultWeight): number {
  const padded = ` ${indexed} `;
  let total = 0;
  let found = 0;
  for (const t of [...terms.unigrams, ...terms.bigrams]) {
    const w = weight(t);
    total += w;
    if (padded.includes(` ${t} `)) found += w;
  }
  return total === 0 ? 0 : found / total;
}

function defaultWeight(term: string): number {
  return term.includes('_') ? 2 : 1;
}

