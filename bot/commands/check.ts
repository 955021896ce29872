/** `tgpl check`: who is eligible for legal aid, from facts given as JSON. */
import { isoDateIn } from '../../lib/clock.ts';
import { loadConfig, loadDotEnv } from '../../lib/config.ts';
import { UsageError } from '../../lib/usage-error.ts';
import type { CheckResult } from '../../intake/eligibility/check.ts';
import { EligibilityChecker } from '../../intake/eligibility/checker.ts';
import { FACT_NAMES, parseFacts } from '../../intake/eligibility/facts.ts';
import { parseCommandArgs, type Command, type Io } from './command.ts';
import { eachJsonInput, parseJsonInput } from './json-input.ts';

const STATUS_TEXT: Record<CheckResult['status'], string> = {
  eligible: 'Thuộc diện được trợ giúp pháp lý',
  ineligible: 'Không thuộc diện được trợ giúp pháp lý',
  more_info: 'Chưa đủ thông tin để kết luận',
};

export function readableCheck(result: CheckResult): string {
  const lines = [`${STATUS_TEXT[result.status]} (tính đến ${result.asOf})`];
  for (const reason of result.reasons) lines.push(`- ${reason}`);
  for (const doc of result.documents) {
    lines.push(`Giấy tờ cho diện ${doc.clause} (${doc.source}):`);
    for (const item of doc.items) lines.push(`  • ${item}`);
  }
  return lines.join('\n');
}

function evaluateLine(checker: EligibilityChecker, text: string, today: string): CheckResult {
  const input = parseJsonInput('check', text);
  try {
    return checker.check(parseFacts(input), today);
  } catch (err) {
    throw new UsageError(`tgpl check: ${(err as Error).message}`);
  }
}

export const checkCommand: Command = {
  name: 'check',
  help: `Cách dùng: tgpl check [--json] ['<thông tin JSON>']

Xét diện được trợ giúp pháp lý theo Điều 7 Luật Trợ giúp pháp lý 2017 (đã sửa đổi), tại một ngày.
Không có đối số: đọc mỗi dòng một đối tượng JSON từ đầu vào chuẩn, in mỗi kết quả một dòng.

Thông tin (đều không bắt buộc; không nêu = chưa biết, không phải "không"):
  date ("YYYY-MM-DD", mặc định hôm nay), age (số tuổi), household ("poor" | "near_poor" | "none"),
  criminalRole ("none" | "accused" | "victim" | "denounced" | "recommended_for_prosecution" |
  "emergency_detained" | "witness" | "diversion" | "prisoner"), commune (tên hoặc mã xã),
  và true/false: ${FACT_NAMES.filter((f) => !['age', 'household', 'criminalRole'].includes(f)).join(', ')}

Kết quả --json: {status, groups: [{clause, label, citation}], missing, documents, reasons, unmet, asOf}

Ví dụ:
  tgpl check --json '{"age": 75, "household": "near_poor"}'
  echo '{"traffickingVictim": true, "date": "2025-06-01"}' | tgpl check --json

Tùy chọn:
  --json      in kết quả dạng JSON (mặc định: dạng đọc được)
  -h, --help  xem hướng dẫn này`,
  async run(args: string[], io: Io): Promise<number> {
    const { values, positionals } = parseCommandArgs('check', args, { json: { type: 'boolean' } }, true);
    if (positionals.length > 1) throw new UsageError("tgpl check: chỉ nhận một đối tượng JSON (đặt trong dấu nháy '…')");
    loadDotEnv();
    const config = loadConfig(io.env);
    const checker = EligibilityChecker.load(config.disadvantagedAreasFile);
    const today = isoDateIn(new Date(), config.timeZone);
    const print = (result: CheckResult) =>
      io.stdout.write(values.json ? `${JSON.stringify(result)}\n` : `${readableCheck(result)}\n\n`);
    return eachJsonInput(io, positionals[0], Boolean(values.json), (text) => {
      print(evaluateLine(checker, text, today));
    });
  },
};
