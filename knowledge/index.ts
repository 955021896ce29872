/**
 * The knowledge index in SQLite: passages, and an FTS5 table over their normalised terms
 * (normalize.ts). Ingesting is per file: an unchanged file (same content hash) is skipped, a
 * changed one re-indexes only itself, a vanished one is removed.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { SqliteDatabase } from '../lib/sqlite.ts';
import { indexTerms } from './normalize.ts';
import type { Passage } from './passage.ts';
import { listSources, readSource, type SourceFile } from './ingest/read-source.ts';

/** Bump when the way passages are cut or terms are made changes: the index is then rebuilt. */
export const INDEX_VERSION = '10';

/** Passages longer than this are split (by khoản for laws, by LangChain's splitter otherwise). */
export const MAX_PASSAGE_CHARS = 1500;

export interface IngestReport {
  files: number;
  added: string[];
  updated: string[];
  removed: string[];
  unchanged: number;
  passages: number;
  failed: Array<{ file: string; error: string }>;
  ms: number;
}

export interface StoredPassage extends Passage {
  rowid: number;
}

interface PassageRow {
  rowid: number;
  id: string;
  kind: Passage['kind'];
  document: string;
  document_name: string;
  article: string;
  clause: string;
  title: string;
  text: string;
  source: string;
  citations: string | null;
  field: string;
  about: string | null;
}

export function rowToPassage(row: PassageRow): StoredPassage {
  return {
    rowid: row.rowid,
    id: row.id,
    kind: row.kind,
    document: row.document,
    documentName: row.document_name,
    article: row.article,
    clause: row.clause || undefined,
    title: row.title,
    text: row.text,
    source: row.source,
    citations: row.citations ? (JSON.parse(row.citations) as Passage['citations']) : undefined,
    field: row.field || undefined,
    ...(row.about ? { about: JSON.parse(row.about) as Passage['about'] } : {}),
  };
}

export class KnowledgeIndex {
  constructor(readonly db: SqliteDatabase) {}

  async init(): Promise<void> {
    await this.db.exec(`
      CREATE TABLE IF NOT EXISTS kb_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS kb_roots (path TEXT PRIMARY KEY);
      CREATE TABLE IF NOT EXISTS kb_files (
        path TEXT PRIMARY KEY, name TEXT NOT NULL, hash TEXT NOT NULL, passages INTEGER NOT NULL, indexed_at TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS kb_passages (
        rowid INTEGER PRIMARY KEY, id TEXT NOT NULL, file TEXT NOT NULL, kind TEXT NOT NULL, document TEXT NOT NULL,
        document_name TEXT NOT NULL, article TEXT NOT NULL, clause TEXT NOT NULL DEFAULT '', title TEXT NOT NULL,
        text TEXT NOT NULL, source TEXT NOT NULL, citations TEXT, field TEXT NOT NULL DEFAULT '', about TEXT);
      CREATE INDEX IF NOT EXISTS kb_passages_file ON kb_passages (file);
      CREATE INDEX IF NOT EXISTS kb_passages_doc ON kb_passages (document, article);
      CREATE VIRTUAL TABLE IF NOT EXISTS kb_fts USING fts5(title_terms, body_terms, tokenize = "unicode61 tokenchars '_'");
      CREATE VIRTUAL TABLE IF NOT EXISTS kb_vocab USING fts5vocab(kb_fts, 'row');
      -- The FAQ's own text table of earlier versions, no longer used.
      DROP TABLE IF EXISTS kb_faq_vocab;
      DROP TABLE IF EXISTS kb_faq_fts;`);
    // Columns added after the first release.
    const columns = await this.db.all<{ name: string }>('PRAGMA table_info(kb_passages)');
    if (!columns.some((c) => c.name === 'field')) await this.db.exec("ALTER TABLE kb_passages ADD COLUMN field TEXT NOT NULL DEFAULT ''");
    if (!columns.some((c) => c.name === 'about')) await this.db.exec('ALTER TABLE kb_passages ADD COLUMN about TEXT');
    const version = await this.db.get<{ value: string }>("SELECT value FROM kb_meta WHERE key = 'version'");
    if (version?.value !== INDEX_VERSION) {
      await this.db.exec('DELETE FROM kb_fts; DELETE FROM kb_passages; DELETE FROM kb_files;');
      await this.db.run("INSERT OR REPLACE INTO kb_meta (key, value) VALUES ('version', ?)", [INDEX_VERSION]);
    }
  }

  /** The folders indexed before by `tgpl ingest PATH`, kept so later runs index them too. */
  async extraRoots(): Promise<string[]> {
    return (await this.db.all<{ path: string }>('SELECT path FROM kb_roots ORDER BY path')).map((r) => r.path);
  }

  async addRoots(paths: string[]): Promise<void> {
    for (const p of paths) await this.db.run('INSERT OR IGNORE INTO kb_roots (path) VALUES (?)', [resolve(p)]);
  }

  /** Whether any configured file is new, changed or gone since it was indexed. */
  async isStale(roots: string[]): Promise<boolean> {
    const sources = listSources(await this.allRoots(roots));
    const stored = new Map((await this.db.all<{ path: string; hash: string }>('SELECT path, hash FROM kb_files')).map((r) => [r.path, r.hash]));
    if (stored.size !== sources.length) return true;
    return sources.some((s) => stored.get(s.path) !== fileHash(s));
  }

  /** Indexes what changed under `roots` (and folders added earlier); removes what is gone. */
  async ingest(roots: string[]): Promise<IngestReport> {
    const started = performance.now();
    const sources = listSources(await this.allRoots(roots));
    const stored = new Map((await this.db.all<{ path: string; hash: string }>('SELECT path, hash FROM kb_files')).map((r) => [r.path, r.hash]));
    const report: IngestReport = { files: sources.length, added: [], updated: [], removed: [], unchanged: 0, passages: 0, failed: [], ms: 0 };
    for (const source of sources) {
      const hash = fileHash(source);
      const before = stored.get(source.path);
      stored.delete(source.path);
      if (before === hash) {
        report.unchanged += 1;
        continue;
      }
      let passages: Passage[];
      try {
        passages = await readSource(source, MAX_PASSAGE_CHARS);
      } catch (err) {
        report.failed.push({ file: source.path, error: (err as Error).message.split('\n')[0]! });
        continue;
      }
      await this.replaceFile(source, hash, passages);
      (before === undefined ? report.added : report.updated).push(source.name);
    }
    for (const gone of stored.keys()) {
      await this.db.transaction(async () => {
        await this.deletePassages(gone);
        await this.db.run('DELETE FROM kb_files WHERE path = ?', [gone]);
      });
      report.removed.push(gone);
    }
    report.passages = (await this.db.get<{ n: number }>('SELECT count(*) AS n FROM kb_passages'))!.n;
    report.ms = Math.round(performance.now() - started);
    return report;
  }

  async count(): Promise<number> {
    return (await this.db.get<{ n: number }>('SELECT count(*) AS n FROM kb_passages'))!.n;
  }

  /** Passages by rowid, each with its indexed terms (title and body). */
  async passagesWithTerms(rowids: number[]): Promise<Map<number, { passage: StoredPassage; terms: string }>> {
    if (rowids.length === 0) return new Map();
    const rows = await this.db.all<PassageRow & { terms: string }>(
      `SELECT p.rowid AS rowid, p.*, f.title_terms || ' ' || f.body_terms AS terms
       FROM kb_passages p JOIN kb_fts f ON f.rowid = p.rowid WHERE p.rowid IN (${rowids.map(() => '?').join(', ')})`,
      rowids,
    );
    return new Map(rows.map((r) => [r.rowid, { passage: rowToPassage(r), terms: r.terms }]));
  }

  /** The passages of one article of one document, in order. */
  async article(document: string, article: string): Promise<StoredPassage[]> {
    const rows = await this.db.all<PassageRow>(
      'SELECT rowid, * FROM kb_passages WHERE document = ? AND article = ? ORDER BY rowid',
      [document, article],
    );
    return rows.map(rowToPassage);
  }

  private async allRoots(roots: string[]): Promise<string[]> {
    return [...new Set([...roots.map((r) => resolve(r)), ...(await this.extraRoots())])];
  }

  private async deletePassages(path: string): Promise<void> {
    await this.db.run('DELETE FROM kb_fts WHERE rowid IN (SELECT rowid FROM kb_passages WHERE file = ?)', [path]);
    await this.db.run('DELETE FROM kb_passages WHERE file = ?', [path]);
  }

  private async replaceFile(source: SourceFile, hash: string, passages: Passage[]): Promise<void> {
    await this.db.transaction(async () => {
      await this.deletePassages(source.path);
      for (const p of passages) {
        const { lastID } = await this.db.run(
          `INSERT INTO kb_passages (id, file, kind, document, document_name, article, clause, title, text, source, citations, field, about)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          [p.id, source.path, p.kind, p.document, p.documentName, p.article, p.clause ?? '', p.title, p.text, p.source,
            p.citations ? JSON.stringify(p.citations) : null, p.field ?? '', p.about ? JSON.stringify(p.about) : null],
        );
        // FAQ entries are matched by knowledge/faq-matcher.ts from their rows, not searched as text.
        if (p.kind === 'faq') continue;
        const titleTerms = indexTerms(`${p.title} ${p.kind === 'law' ? `dieu ${p.article}` : ''}`);
        await this.db.run('INSERT INTO kb_fts (rowid, title_terms, body_terms) VALUES (?, ?, ?)', [lastID, titleTerms, indexTerms(p.text)]);
      }
      await this.db.run(
        `INSERT INTO kb_files (path, name, hash, passages, indexed_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (path) DO UPDATE SET name = excluded.name, hash = excluded.hash, passages = excluded.passages,
           indexed_at = excluded.indexed_at`,
        [source.path, source.name, hash, passages.length, new Date().toISOString()],
      );
    });
  }
}

/** The content hash of a file; for a plan, its manifest is part of it. */
function fileHash(source: SourceFile): string {
  const hash = createHash('sha256').update(readFileSync(source.path));
  if (/\.txt$/iu.test(source.path)) {
    const manifest = join(dirname(source.path), 'manifest.json');
    if (existsSync(manifest)) hash.update(readFileSync(manifest));
  }
  return hash.digest('hex');
}
