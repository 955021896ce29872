/**
 * Opens the knowledge base on the app's database: indexes what is configured when the index is
 * missing or stale (so a fresh machine answers at once), and, for dense or hybrid retrieval, loads
 * the embedding model (building the project's own when it is missing or older than the corpus) and
 * embeds the passages that have no vector yet.
 */
import { join } from 'node:path';
import type { Logger } from '../lib/logger.ts';
import type { SqliteDatabase } from '../lib/sqlite.ts';
import { KnowledgeBase, type RetrievalMode } from './answer.ts';
import { BUILT_MODEL, buildCorpusModel, builtModelStale, corpusFingerprint } from './embeddings/model-builder.ts';
import type { IngestReport } from './index.ts';
import type { LlmSettings } from './llm-answer.ts';
// The vector store and the language-model client are loaded only when configured (LangChain's
// vector stores and OpenAI client add about 100 MB to a process that answers from words alone).

export interface KnowledgeOptions {
  dirs: string[];
  autoIngest: boolean;
  logger: Logger;
  retrieval?: RetrievalMode;
  embedding?: { model: string; modelsDir: string; allowRemote: boolean };
  llm?: LlmSettings;
}

export async function openKnowledge(db: SqliteDatabase, options: KnowledgeOptions): Promise<{ kb: KnowledgeBase; report: IngestReport | undefined }> {
  const kb = new KnowledgeBase(db);
  await kb.init();
  let report: IngestReport | undefined;
  if (options.autoIngest && (await kb.index.isStale(options.dirs))) {
    report = await kb.ingest(options.dirs);
    options.logger.info(
      { added: report.added.length, updated: report.updated.length, removed: report.removed.length, passages: report.passages, ms: report.ms },
      'knowledge indexed',
    );
    for (const f of report.failed) options.logger.error({ file: f.file, error: f.error }, 'knowledge file not indexed');
  }
  const mode = options.retrieval ?? 'lexical';
  if (mode !== 'lexical' && options.embedding) {
    try {
      await enableDense(kb, db, options.embedding, options.logger);
    } catch (err) {
      // Answers keep coming from the words while the model is put right.
      options.logger.error({ model: options.embedding.model, err: (err as Error).message.split('\n')[0] }, 'dense retrieval unavailable, lexical only');
    }
  }
  kb.retrieval = kb.dense ? mode : 'lexical';
  if (options.llm) {
    const { LlmAnswerWriter } = await import('./llm-answer.ts');
    kb.writer = new LlmAnswerWriter(options.llm, options.logger);
  }
  return { kb, report };
}

/** Sets up dense retrieval on `kb`: the model (built if needed), the store, the missing vectors. */
export async function enableDense(
  kb: KnowledgeBase,
  db: SqliteDatabase,
  embedding: { model: string; modelsDir: string; allowRemote: boolean },
  logger: Logger,
): Promise<void> {
  if (embedding.model === BUILT_MODEL) {
    const dir = join(embedding.modelsDir, BUILT_MODEL);
    if (await builtModelStale(db, dir)) {
      const built = await buildCorpusModel(db, dir);
      logger.info({ model: BUILT_MODEL, ms: built.ms, vocab: built.vocab, dim: built.dim }, 'embedding model built');
    }
  }
  const [{ TransformersEmbeddings }, { SqliteVectorStore }] = await Promise.all([
    import('./embeddings/transformers-embeddings.ts'),
    import('./embeddings/sqlite-vector-store.ts'),
  ]);
  const embeddings = new TransformersEmbeddings({ model: embedding.model, modelsDir: embedding.modelsDir, allowRemote: embedding.allowRemote });
  // Vectors of the built model are tied to the corpus it was built from.
  const key = embedding.model === BUILT_MODEL ? `${BUILT_MODEL}@${await corpusFingerprint(db)}` : embedding.model;
  const store = new SqliteVectorStore(embeddings, db, key);
  await store.init();
  await store.prune();
  const missing = await store.missing();
  if (missing.length > 0) {
    const started = performance.now();
    for (let i = 0; i < missing.length; i += 256) {
      const batch = missing.slice(i, i + 256);
      await store.addDocuments(batch.map((p) => ({ pageContent: `${p.title}\n${p.text}`, metadata: { rowid: p.rowid } })));
    }
    logger.info({ model: embedding.model, passages: missing.length, ms: Math.round(performance.now() - started) }, 'passages embedded');
  }
  kb.dense = { embeddings, store };
}
