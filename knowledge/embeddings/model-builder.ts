/**
 * Builds the project's own embedding model from the indexed corpus (train-static.ts) into a folder
 * transformers.js loads, and tells when it is missing or older than the corpus.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SqliteDatabase } from '../../lib/sqlite.ts';
import { writeStaticModel } from './onnx-export.ts';
import { DEFAULT_TRAIN, trainStaticModel, type TrainOptions } from './train-static.ts';

/** The name of the model the project builds itself (a folder under EMBEDDING_MODELS_DIR). */
export const BUILT_MODEL = 'tgpl-static';

/** A fingerprint of what is indexed: the content hashes of all indexed files. */
export async function corpusFingerprint(db: SqliteDatabase): Promise<string> {
  const rows = await db.all<{ hash: string }>('SELECT hash FROM kb_files ORDER BY path');
  return createHash('sha256').update(rows.map((r) => r.hash).join('\n')).digest('hex').slice(0, 16);
}

/** Whether the built model folder is missing or was built from another corpus. */
export async function builtModelStale(db: SqliteDatabase, dir: string): Promise<boolean> {
  const config = join(dir, 'config.json');
  if (!existsSync(config) || !existsSync(join(dir, 'onnx', 'model.onnx'))) return true;
  const meta = (JSON.parse(readFileSync(config, 'utf8')) as { tgpl?: { corpus?: string } }).tgpl;
  return meta?.corpus !== (await corpusFingerprint(db));
}

export interface BuildReport {
  dir: string;
  ms: number;
  vocab: number;
  dim: number;
  pairs: number;
}

export async function buildCorpusModel(db: SqliteDatabase, dir: string, options: TrainOptions = DEFAULT_TRAIN): Promise<BuildReport> {
  const started = performance.now();
  const rows = await db.all<{ title: string; text: string }>('SELECT title, text FROM kb_passages');
  const model = trainStaticModel(rows.map((r) => `${r.title}\n${r.text}`), options);
  writeStaticModel(dir, model, { corpus: await corpusFingerprint(db), builtAt: new Date().toISOString(), method: 'ppmi-svd', ...options });
  return { dir, ms: Math.round(performance.now() - started), vocab: model.vocab.length, dim: model.dim, pairs: model.stats.pairs! };
}
