/**
 * `tgpl nlu`: how well the classifiers learned from examples do on examples they were not built
 * from — the intents of bot/nlu/intents.yaml and the question fields of knowledge/question-fields.yaml.
 * Every N-th example of each label is held out, the rest builds the classifier.
 */
import { heldOutAccuracy, TextClassifier, type Example } from '../../lib/text-classifier.ts';
import { UsageError } from '../../lib/usage-error.ts';
import { intentExamples } from '../nlu/intents.ts';
import { fieldExamples } from '../../knowledge/question-field.ts';
import { parseCommandArgs, type Command, type Io } from './command.ts';

export const nluCommand: Command = {
  name: 'nlu',
  help: `Cách dùng: tgpl nlu [--every N] [--errors] [--json]

Đo độ chính xác của hai bộ phân loại học từ ví dụ: ý định của tin nhắn (bot/nlu/intents.yaml)
và lĩnh vực của câu hỏi (knowledge/question-fields.yaml). Cứ N ví dụ của mỗi nhãn thì giữ lại 1
để kiểm tra (mặc định N = 5), phần còn lại dùng để dựng bộ phân loại.

Tùy chọn:
  --every N   giữ lại 1 trong N ví dụ (2–20)
  --errors    in các ví dụ bị nhận sai
  --json      in kết quả dạng JSON
  -h, --help  xem hướng dẫn này`,
  async run(args: string[], io: Io): Promise<number> {
    const { values } = parseCommandArgs('nlu', args, { every: { type: 'string' }, errors: { type: 'boolean' }, json: { type: 'boolean' } });
    const every = values.every === undefined ? 5 : Number(values.every);
    if (!Number.isInteger(every) || every < 2 || every > 20) throw new UsageError(`tgpl nlu: --every "${values.every}" phải là số nguyên từ 2 đến 20`);
    const sets: Array<{ name: string; examples: Example[]; k: number }> = [
      { name: 'intents', examples: intentExamples(), k: 2 },
      { name: 'question-fields', examples: fieldExamples(), k: 3 },
    ];
    const results = sets.map((s) => ({ name: s.name, examples: s.examples.length, ...heldOutAccuracy(s.examples, every, (train) => new TextClassifier(train, s.k)) }));
    if (values.json) {
      io.stdout.write(`${JSON.stringify(results.map((r) => ({ ...r, errors: values.errors ? r.errors : undefined })))}\n`);
      return 0;
    }
    for (const r of results) {
      io.stdout.write(`${r.name}: ${r.examples} ví dụ, giữ lại ${r.n}, đúng ${r.correct} (độ chính xác ${r.accuracy.toFixed(3)})\n`);
      if (values.errors) for (const e of r.errors) io.stdout.write(`  sai: "${e.text}" — đúng là ${e.label}, nhận là ${e.predicted}\n`);
    }
    return 0;
  },
};
