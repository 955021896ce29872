/**
 * Writes a static embedding model in the layout transformers.js loads like any hub model:
 * `config.json` (model_type bert), `tokenizer.json` (WordPiece over folded syllables),
 * `tokenizer_config.json`, and `onnx/model.onnx` — a graph with one Gather from an embedding table,
 * so `last_hidden_state[b, t] = table[input_ids[b, t]]`; the pipeline's mean pooling and
 * normalisation turn that into a sentence vector.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;

export const SPECIAL_TOKENS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'] as const;

export interface StaticModel {
  /** Tokens, the special ones first, in id order. */
  vocab: string[];
  /** Row-major [vocab.length × dim]. */
  vectors: Float32Array;
  dim: number;
}

function onnxModel(model: StaticModel): Uint8Array {
  const { FLOAT, INT64 } = onnx.TensorProto.DataType;
  const dynamic = (names: string[]) => ({ dim: names.map((dimParam) => ({ dimParam })) });
  const graph = onnx.GraphProto.create({
    name: 'tgpl-static-embeddings',
    node: [onnx.NodeProto.create({ opType: 'Gather', input: ['embeddings', 'input_ids'], output: ['last_hidden_state'], attribute: [onnx.AttributeProto.create({ name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: 0 })] })],
    initializer: [
      onnx.TensorProto.create({
        name: 'embeddings',
        dataType: FLOAT,
        dims: [model.vocab.length, model.dim],
        rawData: new Uint8Array(model.vectors.buffer, model.vectors.byteOffset, model.vectors.byteLength),
      }),
    ],
    input: [
      onnx.ValueInfoProto.create({ name: 'input_ids', type: { tensorType: { elemType: INT64, shape: dynamic(['batch', 'sequence']) } } }),
      onnx.ValueInfoProto.create({ name: 'attention_mask', type: { tensorType: { elemType: INT64, shape: dynamic(['batch', 'sequence']) } } }),
    ],
    output: [
      onnx.ValueInfoProto.create({ name: 'last_hidden_state', type: { tensorType: { elemType: FLOAT, shape: { dim: [{ dimParam: 'batch' }, { dimParam: 'sequence' }, { dimValue: model.dim }] } } } }),
    ],
  });
  return onnx.ModelProto.encode(
    onnx.ModelProto.create({ irVersion: 8, producerName: 'tgpl', opsetImport: [{ domain: '', version: 13 }], graph }),
  ).finish();
}

function tokenizerJson(vocab: string[]): unknown {
  return {
    version: '1.0',
    truncation: { direction: 'Right', max_length: 256, strategy: 'LongestFirst', stride: 0 },
    padding: null,
    added_tokens: SPECIAL_TOKENS.map((content, id) => ({ id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true })),
    // Text is folded the same way as for the lexical index: NFD, no marks, đ→d, lower case.
    normalizer: {
      type: 'Sequence',
      normalizers: [
        { type: 'NFD' },
        { type: 'StripAccents' },
        { type: 'Replace', pattern: { String: 'đ' }, content: 'd' },
        { type: 'Replace', pattern: { String: 'Đ' }, content: 'd' },
        { type: 'Lowercase' },
      ],
    },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [{ SpecialToken: { id: '[CLS]', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '[SEP]', type_id: 0 } }],
      pair: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '[SEP]', type_id: 0 } },
        { Sequence: { id: 'B', type_id: 1 } }, { SpecialToken: { id: '[SEP]', type_id: 1 } },
      ],
      special_tokens: {
        '[CLS]': { id: '[CLS]', ids: [2], tokens: ['[CLS]'] },
        '[SEP]': { id: '[SEP]', ids: [3], tokens: ['[SEP]'] },
      },
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: {
      type: 'WordPiece',
      unk_token: '[UNK]',
      continuing_subword_prefix: '##',
      max_input_chars_per_word: 100,
      vocab: Object.fromEntries(vocab.map((t, i) => [t, i])),
    },
  };
}

/** Writes the model folder; returns its path. */
export function writeStaticModel(dir: string, model: StaticModel, meta: Record<string, unknown>): string {
  mkdirSync(join(dir, 'onnx'), { recursive: true });
  writeFileSync(join(dir, 'onnx', 'model.onnx'), onnxModel(model));
  writeFileSync(join(dir, 'tokenizer.json'), JSON.stringify(tokenizerJson(model.vocab)));
  writeFileSync(
    join(dir, 'tokenizer_config.json'),
    JSON.stringify({ tokenizer_class: 'BertTokenizer', do_lower_case: true, model_max_length: 256, cls_token: '[CLS]', sep_token: '[SEP]', pad_token: '[PAD]', unk_token: '[UNK]', mask_token: '[MASK]' }),
  );
  writeFileSync(
    join(dir, 'config.json'),
    JSON.stringify({ model_type: 'bert', architectures: ['BertModel'], hidden_size: model.dim, vocab_size: model.vocab.length, max_position_embeddings: 256, tgpl: meta }),
  );
  return dir;
}
