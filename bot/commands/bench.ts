/** `tgpl bench` (npm run bench): ingest time, warm `ask` latency and peak memory, in-process. */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isoDateIn } from '../../lib/clock.ts';
import { loadConfig, loadDotEnv } from '../../lib/config.ts';
import { SqliteDatabase } from '../../lib/sqlite.ts';
import { UsageError } from '../../lib/usage-error.ts';
import { parseEvalFile, stripDiacritics } from '../../knowledge/eval.ts';
import { KnowledgeBase, type RetrievalMode } from '../../knowledge/answer.ts';
import { enableDense } from '../../knowledge/service.ts';
import { createLogger } from '../../lib/logger.ts';
import { parseCommandArgs, type Command, type Io } from './command.ts';

const FALLBACK_QUESTIONS = [
  'Ai được trợ giúp pháp lý miễn phí?',
  'ho ngheo co duoc luat su mien phi khong',
  'Cần giấy tờ gì khi yêu cầu trợ giúp pháp lý?',
  'Bị từ chối thì khiếu nại ở đâu?',
];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
}

export const benchCommand: Command = {
  name: 'bench',
  help: `Cách dùng: tgpl bench [--rounds N] [--retrieval lexical|dense|hybrid]

Lập chỉ mục toàn bộ KNOWLEDGE_DIRS vào một tệp SQLite tạm, rồi hỏi lại bộ câu hỏi
(SHARED_DIR/eval/dev-questions.jsonl, có dấu và không dấu) N vòng sau một vòng khởi động,
in thời gian lập chỉ mục, độ trễ p50/p95 của ask và bộ nhớ cao nhất (RSS).

Tùy chọn:
  --rounds N  số vòng đo (1–50, mặc định 5)
  --retrieval cách tìm khi đo (mặc định lexical); dense/hybrid đo cả thời gian dựng mô hình và nhúng
  -h, --help  xem hướng dẫn này`,
  async run(args: string[], io: Io): Promise<number> {
    const { values } = parseCommandArgs('bench', args, { rounds: { type: 'string' }, retrieval: { type: 'string' } });
    const retrieval = (values.retrieval as string | undefined) ?? 'lexical';
    if (!['lexical', 'dense', 'hybrid'].includes(retrieval)) {
      throw new UsageError(`tgpl bench: --retrieval "${retrieval}" không hợp lệ (cho phép: lexical, dense, hybrid)`);
    }
    const rounds = values.rounds === undefined ? 5 : Number(values.rounds);
    if (!Number.isInteger(rounds) || rounds < 1 || rounds > 50) throw new UsageError(`tgpl bench: --rounds phải từ 1 đến 50 (nhận: "${values.rounds}")`);
    loadDotEnv();
    const config = loadConfig(io.env);
    const dir = mkdtempSync(join(tmpdir(), 'tgpl-bench-'));
    const db = await SqliteDatabase.open(join(dir, 'bench.sqlite'));
    try {
      const kb = new KnowledgeBase(db);
      await kb.init();
      const report = await kb.ingest(config.knowledgeDirs);
      let modelLine = '';
      if (retrieval !== 'lexical') {
        const started = performance.now();
        await enableDense(kb, db, { model: config.embeddingModel, modelsDir: join(dir, 'models'), allowRemote: config.allowRemoteModels }, createLogger({ level: 'silent', file: '-' }));
        kb.retrieval = retrieval as RetrievalMode;
        modelLine = `| build model + embed all passages (${config.embeddingModel}) | ${((performance.now() - started) / 1000).toFixed(1)} s |\n`;
      }
      const evalFile = join(config.sharedDir, 'eval', 'dev-questions.jsonl');
      const base = existsSync(evalFile)
        ? parseEvalFile(readFileSync(evalFile, 'utf8'), evalFile).map((r) => r.question)
        : FALLBACK_QUESTIONS;
      const questions = [...base, ...base.map(stripDiacritics)];
      const today = isoDateIn(new Date(), config.timeZone);
      for (const q of questions) await kb.ask(q, { today, hotline: '' });
      const times: number[] = [];
      for (let r = 0; r < rounds; r++) {
        for (const q of questions) {
          const t = performance.now();
          await kb.ask(q, { today, hotline: '' });
          times.push(performance.now() - t);
        }
      }
      times.sort((a, b) => a - b);
      const rssMb = process.resourceUsage().maxRSS / 1024;
      io.stdout.write(
        [
          `| measure | value |`,
          `|---|---|`,
          `| ingest (${report.files} files, ${report.passages} passages) | ${(report.ms / 1000).toFixed(1)} s |`,
          ...(modelLine ? [modelLine.trimEnd()] : []),
          `| warm ${retrieval} ask p50 (${times.length} asks) | ${percentile(times, 0.5).toFixed(1)} ms |`,
          `| warm ${retrieval} ask p95 | ${percentile(times, 0.95).toFixed(1)} ms |`,
          `| peak memory (max RSS) | ${rssMb.toFixed(0)} MB |`,
        ].join('\n') + '\n',
      );
      return 0;
    } finally {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
