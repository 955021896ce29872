/**
 * Passage vectors kept in SQLite beside the FTS index, as a LangChain `VectorStore`. Search is an
 * exact cosine scan over a matrix held in memory (a few thousand passages: well under a
 * millisecond), reloaded when the stored vectors change.
 */
import { Document, type DocumentInterface } from '@langchain/core/documents';
import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import { VectorStore } from '@langchain/core/vectorstores';
import type { SqliteDatabase } from '../../lib/sqlite.ts';

export interface PassageMetadata {
  rowid: number;
  [key: string]: unknown;
}

export class SqliteVectorStore extends VectorStore {
  declare FilterType: (doc: DocumentInterface) => boolean;
  private matrix: { rowids: Int32Array; data: Float32Array; dim: number } | undefined;

  constructor(
    embeddings: EmbeddingsInterface,
    private readonly db: SqliteDatabase,
    /** The model the vectors come from; vectors of another model are ignored. */
    readonly model: string,
  ) {
    super(embeddings, {});
  }

  _vectorstoreType(): string {
    return 'tgpl-sqlite';
  }

  async init(): Promise<void> {
    await this.db.exec('CREATE TABLE IF NOT EXISTS kb_vectors (rowid INTEGER PRIMARY KEY, model TEXT NOT NULL, vector BLOB NOT NULL)');
  }

  /** Stores vectors for passages; each document's metadata carries the passage `rowid`. */
  async addVectors(vectors: number[][], documents: DocumentInterface[]): Promise<string[]> {
    await this.db.transaction(async () => {
      for (const [i, doc] of documents.entries()) {
        const rowid = Number((doc.metadata as PassageMetadata).rowid);
        await this.db.run('INSERT OR REPLACE INTO kb_vectors (rowid, model, vector) VALUES (?, ?, ?)', [
          rowid,
          this.model,
          Buffer.from(new Float32Array(vectors[i]!).buffer),
        ]);
      }
    });
    this.matrix = undefined;
    return documents.map((d) => String((d.metadata as PassageMetadata).rowid));
  }

  async addDocuments(documents: DocumentInterface[]): Promise<string[]> {
    return this.addVectors(await this.embeddings.embedDocuments(documents.map((d) => d.pageContent)), documents);
  }

  /** Passages (rowid, title, text) that have no vector from this model yet. */
  async missing(): Promise<Array<{ rowid: number; title: string; text: string }>> {
    return this.db.all(
      `SELECT p.rowid AS rowid, p.title, p.text FROM kb_passages p
       LEFT JOIN kb_vectors v ON v.rowid = p.rowid AND v.model = ?
       WHERE v.rowid IS NULL AND p.kind != 'faq' ORDER BY p.rowid`,
      [this.model],
    );
  }

  /** Drops vectors of passages that are gone, or of another model. */
  async prune(): Promise<void> {
    await this.db.run('DELETE FROM kb_vectors WHERE model != ? OR rowid NOT IN (SELECT rowid FROM kb_passages)', [this.model]);
    this.matrix = undefined;
  }

  private async load() {
    if (this.matrix) return this.matrix;
    const rows = await this.db.all<{ rowid: number; vector: Buffer }>('SELECT rowid, vector FROM kb_vectors WHERE model = ? ORDER BY rowid', [this.model]);
    const dim = rows[0] ? rows[0].vector.byteLength / 4 : 0;
    const data = new Float32Array(rows.length * dim);
    const rowids = new Int32Array(rows.length);
    rows.forEach((r, i) => {
      rowids[i] = r.rowid;
      const v = new Float32Array(r.vector.buffer, r.vector.byteOffset, dim);
      let norm = 0;
      for (let d = 0; d < dim; d++) norm += v[d]! ** 2;
      norm = Math.sqrt(norm) || 1;
      for (let d = 0; d < dim; d++) data[i * dim + d] = v[d]! / norm;
    });
    this.matrix = { rowids, data, dim };
    return this.matrix;
  }

  /** The k passages closest to `query` (cosine), as documents with their rowid. */
  async similaritySearchVectorWithScore(query: number[], k: number): Promise<[Document<PassageMetadata>, number][]> {
    const { rowids, data, dim } = await this.load();
    if (dim === 0 || query.length !== dim) return [];
    let qn = 0;
    for (const x of query) qn += x * x;
    qn = Math.sqrt(qn) || 1;
    const scores = new Float32Array(rowids.length);
    for (let i = 0; i < rowids.length; i++) {
      let dot = 0;
      const o = i * dim;
      for (let d = 0; d < dim; d++) dot += data[o + d]! * query[d]!;
      scores[i] = dot / qn;
    }
    // Keep the k best in one pass (k is small) instead of sorting every passage.
    const top: number[] = [];
    for (let i = 0; i < scores.length; i++) {
      if (top.length < k || scores[i]! > scores[top[top.length - 1]!]!) {
        let j = Math.min(top.length, k - 1);
        top[j] = i;
        while (j > 0 && scores[top[j - 1]!]! < scores[i]!) {
          top[j] = top[j - 1]!;
          top[j - 1] = i;
          j -= 1;
        }
      }
    }
    return top.map((i) => [new Document<PassageMetadata>({ pageContent: '', metadata: { rowid: rowids[i]! } }), scores[i]!]);
  }
}
