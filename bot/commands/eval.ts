/** `tgpl eval FILE`: retrieval quality (Hit@1, Hit@5, MRR@5), with and without diacritics. */
import { existsSync, readFileSync } from 'node:fs';
import { isoDateIn } from '../../lib/clock.ts';
import { loadConfig, loadDotEnv } from '../../lib/config.ts';
import { UsageError } from '../../lib/usage-error.ts';
import { evaluate, evalTable, parseEvalFile } from '../../knowledge/eval.ts';
import { parseCommandArgs, type Command, type Io } from './command.ts';
import { withKnowledge } from './knowledge-access.ts';

export const evalCommand: Command = {
  name: 'eval',
  summary: 'đo chất lượng tìm kiếm trên bộ câu hỏi (Hit@1, Hit@5, MRR@5)',
  help: `Cách dùng: tgpl eval TỆP.jsonl [--json] [--misses]

Đo chất lượng trả lời trên bộ câu hỏi cùng định dạng ../shared/eval/dev-questions.jsonl:
Hit@1, Hit@5, MRR@5 theo nhóm câu hỏi, và một lần nữa với câu hỏi bỏ hết dấu.

Tùy chọn:
  --json      in kết quả dạng JSON
  --misses    in thêm các câu không tìm thấy trong 5 trích dẫn đầu
  -h, --help  xem hướng dẫn này`,
  async run(args: string[], io: Io): Promise<number> {
    const { values, positionals } = parseCommandArgs('eval', args, { json: { type: 'boolean' }, misses: { type: 'boolean' } }, true);
    if (values.help) {
      io.stdout.write(`${this.help}\n`);
      return 0;
    }
    const file = positionals[0];
    if (!file || positionals.length > 1) throw new UsageError('tgpl eval: cần đúng một tệp câu hỏi. Xem: tgpl eval --help');
    if (!existsSync(file)) throw new UsageError(`tgpl eval: không thấy tệp "${file}"`);
    let records;
    try {
      records = parseEvalFile(readFileSync(file, 'utf8'), file);
    } catch (err) {
      throw new UsageError(`tgpl eval: ${(err as Error).message}`);
    }
    loadDotEnv();
    const config = loadConfig(io.env);
    return withKnowledge(config, async (kb) => {
      const today = isoDateIn(new Date(), config.timeZone);
      const { rows, misses } = await evaluate(records, async (q) => (await kb.ask(q, { top: 5, today, hotline: '' })).citations);
      if (values.json) io.stdout.write(`${JSON.stringify({ rows, misses: values.misses ? misses : undefined })}\n`);
      else {
        io.stdout.write(`${evalTable(rows)}\n`);
        if (values.misses) for (const m of misses) io.stdout.write(`miss: ${m.id} (${m.variant})\n`);
      }
      return 0;
    });
  },
};
