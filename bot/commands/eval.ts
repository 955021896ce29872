/** `tgpl eval FILE`: retrieval quality (Hit@1, Hit@5, MRR@5), with and without diacritics. */
import { existsSync, readFileSync } from 'node:fs';
import { isoDateIn } from '../../lib/clock.ts';
import { loadConfig, loadDotEnv } from '../../lib/config.ts';
import { UsageError } from '../../lib/usage-error.ts';
import type { RetrievalMode } from '../../knowledge/answer.ts';
import { evaluate, evalTable, loadHoldout, parseEvalFile } from '../../knowledge/eval.ts';
import { parseCommandArgs, type Command, type Io } from './command.ts';
import { withKnowledge } from './knowledge-access.ts';

const MODES = ['lexical', 'dense', 'hybrid'] as const;

export const evalCommand: Command = {
  name: 'eval',
  help: `Cách dùng: tgpl eval TỆP.jsonl [--retrieval lexical|dense|hybrid|all] [--json] [--misses]

Đo chất lượng trả lời trên bộ câu hỏi cùng định dạng ../shared/eval/dev-questions.jsonl:
Hit@1, Hit@5, MRR@5 theo nhóm câu hỏi (và theo kiểu viết, chủ đề, phần giữ lại/phần dùng để
chỉnh khi câu hỏi có "style"/"topic"), và một lần nữa với câu hỏi bỏ hết dấu. Phần giữ lại
(part:held) là các chủ đề ghi trong knowledge/eval/holdout.yaml.
--retrieval all (mặc định) đo cả ba cách tìm: theo từ (lexical), theo nghĩa (dense, mô hình
EMBEDDING_MODEL) và kết hợp (hybrid).

Tùy chọn:
  --retrieval M  lexical, dense, hybrid hoặc all
  --json         in kết quả dạng JSON
  --misses       in thêm các câu không tìm thấy trong 5 trích dẫn đầu
  -h, --help     xem hướng dẫn này`,
  async run(args: string[], io: Io): Promise<number> {
    const { values, positionals } = parseCommandArgs(
      'eval',
      args,
      { json: { type: 'boolean' }, misses: { type: 'boolean' }, retrieval: { type: 'string' } },
      true,
    );
    const file = positionals[0];
    if (!file || positionals.length > 1) throw new UsageError('tgpl eval: cần đúng một tệp câu hỏi. Xem: tgpl eval --help');
    if (!existsSync(file)) throw new UsageError(`tgpl eval: không thấy tệp "${file}"`);
    const wanted = (values.retrieval as string | undefined) ?? 'all';
    if (wanted !== 'all' && !(MODES as readonly string[]).includes(wanted)) {
      throw new UsageError(`tgpl eval: --retrieval "${wanted}" không hợp lệ (cho phép: lexical, dense, hybrid, all)`);
    }
    let records;
    try {
      records = parseEvalFile(readFileSync(file, 'utf8'), file);
    } catch (err) {
      throw new UsageError(`tgpl eval: ${(err as Error).message}`);
    }
    loadDotEnv();
    const modes: RetrievalMode[] = wanted === 'all' ? [...MODES] : [wanted as RetrievalMode];
    // Dense and hybrid need the embedding model whatever RETRIEVAL says.
    const config = loadConfig({ ...io.env, RETRIEVAL: modes.some((m) => m !== 'lexical') ? 'hybrid' : 'lexical' });
    return withKnowledge(config, async (kb) => {
      const today = isoDateIn(new Date(), config.timeZone);
      const results = [];
      for (const mode of modes) {
        if (mode !== 'lexical' && !kb.dense) throw new UsageError('tgpl eval: không dùng được tìm theo nghĩa (xem EMBEDDING_MODEL)');
        const { rows, misses } = await evaluate(
          records,
          async (q) => (await kb.ask(q, { top: 5, today, hotline: '', retrieval: mode })).citations,
          loadHoldout(),
        );
        results.push({ retrieval: mode, rows, misses: values.misses ? misses : undefined });
      }
      if (values.json) io.stdout.write(`${JSON.stringify(results)}\n`);
      else {
        for (const r of results) {
          io.stdout.write(`\nretrieval: ${r.retrieval}\n${evalTable(r.rows)}\n`);
          if (r.misses) for (const m of r.misses) io.stdout.write(`miss: ${m.id} (${m.variant})\n`);
        }
      }
      return 0;
    });
  },
};
