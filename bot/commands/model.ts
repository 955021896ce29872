/** `tgpl model build`: builds the project's own embedding model from the indexed corpus. */
import { join } from 'node:path';
import { loadConfig, loadDotEnv } from '../../lib/config.ts';
import { UsageError } from '../../lib/usage-error.ts';
import { BUILT_MODEL, buildCorpusModel } from '../../knowledge/embeddings/model-builder.ts';
import { DEFAULT_TRAIN } from '../../knowledge/embeddings/train-static.ts';
import { parseCommandArgs, type Command, type Io } from './command.ts';
import { withKnowledge } from './knowledge-access.ts';

export const modelCommand: Command = {
  name: 'model',
  help: `Cách dùng: tgpl model build [--dim N] [--json]

Học vector cho các âm tiết từ kho văn bản đã lập chỉ mục (đồng xuất hiện, PPMI, SVD rút gọn) rồi
xuất thành mô hình ONNX kèm tokenizer mà transformers.js nạp như mọi mô hình khác, vào thư mục
EMBEDDING_MODELS_DIR/${BUILT_MODEL}. Trợ lý tự dựng lại khi mô hình thiếu hoặc kho văn bản đổi.

Tùy chọn:
  --dim N     số chiều (16–512, mặc định ${DEFAULT_TRAIN.dim})
  --json      in báo cáo dạng JSON
  -h, --help  xem hướng dẫn này`,
  async run(args: string[], io: Io): Promise<number> {
    const { values, positionals } = parseCommandArgs('model', args, { dim: { type: 'string' }, json: { type: 'boolean' } }, true);
    if (positionals[0] !== 'build' || positionals.length > 1) throw new UsageError('tgpl model: cần "build". Xem: tgpl model --help');
    const dim = values.dim === undefined ? DEFAULT_TRAIN.dim : Number(values.dim);
    if (!Number.isInteger(dim) || dim < 16 || dim > 512) throw new UsageError(`tgpl model build: --dim phải từ 16 đến 512 (nhận: "${values.dim}")`);
    loadDotEnv();
    const config = loadConfig({ ...io.env, RETRIEVAL: 'lexical' });
    return withKnowledge(config, async (kb) => {
      const report = await buildCorpusModel(kb.index.db, join(config.embeddingModelsDir, BUILT_MODEL), { ...DEFAULT_TRAIN, dim });
      io.stdout.write(values.json ? `${JSON.stringify(report)}\n` : `Đã dựng mô hình ${report.dir}: ${report.vocab} âm tiết × ${report.dim} chiều trong ${(report.ms / 1000).toFixed(1)} s.\n`);
      return 0;
    });
  },
};
