/** `tgpl ingest`: index the configured texts, and any folder or file given. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfig, loadDotEnv } from '../../lib/config.ts';
import { UsageError } from '../../lib/usage-error.ts';
import { parseCommandArgs, type Command, type Io } from './command.ts';
import { withKnowledge } from './knowledge-access.ts';

export const ingestCommand: Command = {
  name: 'ingest',
  help: `Cách dùng: tgpl ingest [ĐƯỜNG_DẪN…] [--json]

Lập chỉ mục các văn bản trong KNOWLEDGE_DIRS và các thư mục, tệp được nêu thêm (các đường dẫn thêm
được nhớ cho những lần sau). Tệp không đổi được bỏ qua; tệp đã sửa chỉ lập lại chính nó; tệp đã
xóa bị gỡ khỏi chỉ mục.
Định dạng: JSON Pháp điển (pd_id, heading, text, src_doc_no, src_article); JSON ALQAC
("<tên luật>@<điều>": nội dung); kế hoạch dạng .txt kèm manifest.json; hỏi đáp .yaml (format: tgpl-faq/1).

Tùy chọn:
  --json      in báo cáo dạng JSON
  -h, --help  xem hướng dẫn này`,
  async run(args: string[], io: Io): Promise<number> {
    const { values, positionals } = parseCommandArgs('ingest', args, { json: { type: 'boolean' } }, true);
    const extra = positionals.map((p) => resolve(p));
    for (const path of extra) if (!existsSync(path)) throw new UsageError(`tgpl ingest: không thấy "${path}"`);
    loadDotEnv();
    const config = loadConfig({ ...io.env, AUTO_INGEST: 'false' });
    return withKnowledge(config, async (kb) => {
      await kb.index.addRoots(extra);
      const report = await kb.ingest(config.knowledgeDirs);
      if (values.json) io.stdout.write(`${JSON.stringify(report)}\n`);
      else {
        io.stdout.write(
          `Đã lập chỉ mục ${report.files} tệp trong ${report.ms} ms: thêm ${report.added.length}, cập nhật ${report.updated.length}, ` +
            `gỡ ${report.removed.length}, không đổi ${report.unchanged}. Tổng ${report.passages} đoạn.\n`,
        );
        for (const f of report.failed) io.stdout.write(`Lỗi: ${f.error}\n`);
      }
      return report.failed.length > 0 ? 1 : 0;
    });
  },
};
