/**
 * Embeddings through @huggingface/transformers' feature-extraction pipeline, as a LangChain
 * `Embeddings`. The model is a local folder (under EMBEDDING_MODELS_DIR) or a hub id; it is
 * downloaded only when ALLOW_REMOTE_MODELS=true. Query and passage prefixes come from
 * model-settings.yaml.
 */
import { existsSync } from 'node:fs';
import { basename, dirname, isAbsolute, resolve } from 'node:path';
import { Embeddings, type EmbeddingsParams } from '@langchain/core/embeddings';
import type { FeatureExtractionPipeline } from '@huggingface/transformers';
import { modelSettings, type ModelSettings } from './model-settings.ts';

export interface TransformersEmbeddingsParams extends EmbeddingsParams {
  /** A model folder, a name inside `modelsDir`, or a hub id ("Xenova/multilingual-e5-small"). */
  model: string;
  modelsDir: string;
  allowRemote: boolean;
  batchSize?: number;
}

export class TransformersEmbeddings extends Embeddings {
  readonly settings: ModelSettings;
  private extractor: Promise<FeatureExtractionPipeline> | undefined;

  constructor(private readonly params: TransformersEmbeddingsParams) {
    super(params);
    this.settings = modelSettings(params.model);
  }

  /** Where transformers.js will look for the model, and under which name. */
  location(): { root: string; name: string } {
    const { model, modelsDir } = this.params;
    if (isAbsolute(model) || model.startsWith('.')) {
      const path = resolve(model);
      return { root: `${dirname(path)}/`, name: basename(path) };
    }
    return { root: `${resolve(modelsDir)}/`, name: model };
  }

  /** Whether the model's files are on this machine. */
  isLocal(): boolean {
    const { root, name } = this.location();
    return existsSync(`${root}${name}/config.json`);
  }

  private load(): Promise<FeatureExtractionPipeline> {
    this.extractor ??= (async () => {
      const { root, name } = this.location();
      // Loaded on first use: lexical-only runs never pay for the ONNX runtime.
      const { env, pipeline } = await import('@huggingface/transformers');
      env.localModelPath = root;
      env.allowLocalModels = true;
      env.allowRemoteModels = this.params.allowRemote;
      if (!this.params.allowRemote && !this.isLocal()) {
        throw new Error(`không có mô hình "${name}" trong ${root} (đặt ALLOW_REMOTE_MODELS=true để tải, hoặc chạy tgpl model build)`);
      }
      return (await pipeline('feature-extraction', name, { dtype: 'fp32' })) as FeatureExtractionPipeline;
    })();
    return this.extractor;
  }

  private async embed(texts: string[]): Promise<number[][]> {
    const extractor = await this.load();
    const out: number[][] = [];
    const size = this.params.batchSize ?? 32;
    for (let i = 0; i < texts.length; i += size) {
      const batch = texts.slice(i, i + size);
      const tensor = await extractor(batch, { pooling: this.settings.pooling, normalize: this.settings.normalize });
      const [rows, dim] = [tensor.dims[0]!, tensor.dims.at(-1)!];
      const data = tensor.data as Float32Array;
      for (let r = 0; r < rows; r++) out.push(Array.from(data.subarray(r * dim, (r + 1) * dim)));
    }
    return out;
  }

  embedDocuments(documents: string[]): Promise<number[][]> {
    return this.embed(documents.map((d) => `${this.settings.passagePrefix}${d}`));
  }

  async embedQuery(query: string): Promise<number[]> {
    return (await this.embed([`${this.settings.queryPrefix}${query}`]))[0]!;
  }
}
