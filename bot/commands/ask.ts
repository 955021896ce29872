/** `tgpl ask`: answer a question from the indexed texts, citing articles. */
import { createInterface } from 'node:readline';
import { isoDateIn } from '../../lib/clock.ts';
import { loadConfig, loadDotEnv } from '../../lib/config.ts';
import { UsageError } from '../../lib/usage-error.ts';
import type { AskResult } from '../../knowledge/answer.ts';
import { hotlineAt } from '../../intake/hotline.ts';
import { parseCommandArgs, type Command, type Io } from './command.ts';
import { withKnowledge } from './knowledge-access.ts';

export function readableAnswer(result: AskResult): string {
  const lines = [result.answer, '', `Độ tin cậy: ${result.confidence}${result.handoff ? ' (nên chuyển cán bộ)' : ''}`];
  for (const [i, c] of result.citations.entries()) {
    lines.push(`${i + 1}. ${c.document} — ${c.article}${c.title ? ` (${c.title.slice(0, 80)})` : ''} [${c.score}] ${c.source}`);
  }
  return lines.join('\n');
}

export function parseTop(value: string | undefined, command: string): number {
  if (value === undefined) return 5;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 20) throw new UsageError(`tgpl ${command}: --top phải là số nguyên từ 1 đến 20 (nhận: "${value}")`);
  return n;
}

export const askCommand: Command = {
  name: 'ask',
  help: `Cách dùng: tgpl ask ["câu hỏi"] [--json] [--top K]

Trả lời câu hỏi từ các văn bản đã lập chỉ mục (luật, nghị định, thông tư, kế hoạch, hỏi đáp),
luôn kèm điều, khoản hoặc mục được trích. Không có câu hỏi: đọc mỗi dòng một câu hỏi từ đầu vào
chuẩn. Lần đầu chạy sẽ lập chỉ mục các thư mục trong KNOWLEDGE_DIRS.

Kết quả --json: {question, answer, citations: [{document, article, title, excerpt, score, source}],
confidence: "high" | "medium" | "low", handoff}

Tùy chọn:
  --json      in kết quả dạng JSON (mỗi câu hỏi một dòng)
  --top K     số trích dẫn tối đa (1–20, mặc định 5)
  -h, --help  xem hướng dẫn này`,
  async run(args: string[], io: Io): Promise<number> {
    const { values, positionals } = parseCommandArgs('ask', args, { json: { type: 'boolean' }, top: { type: 'string' } }, true);
    const top = parseTop(values.top as string | undefined, 'ask');
    loadDotEnv();
    const config = loadConfig(io.env);
    const today = isoDateIn(new Date(), config.timeZone);
    const hotline = hotlineAt(today).number;
    return withKnowledge(config, async (kb) => {
      const answer = async (question: string) => {
        const result = await kb.ask(question, { top, today, hotline });
        io.stdout.write(values.json ? `${JSON.stringify(result)}\n` : `${readableAnswer(result)}\n\n`);
      };
      if (positionals.length > 0) await answer(positionals.join(' '));
      else for await (const line of createInterface({ input: io.stdin })) if (line.trim() !== '') await answer(line);
      return 0;
    });
  },
};
