/** `tgpl route`: which province, commune and branch an address goes to; `--sample` measures old addresses. */
import { z } from 'zod';
import { isoDateIn } from '../../lib/clock.ts';
import { loadConfig, loadDotEnv } from '../../lib/config.ts';
import { UsageError } from '../../lib/usage-error.ts';
import { loadAdminUnits, loadDirectory } from '../../intake/intake-services.ts';
import { AddressResolver } from '../../intake/routing/address-resolver.ts';
import { measureOldAddresses, type Measurement } from '../../intake/routing/measure.ts';
import { referralFor } from '../../intake/routing/referral.ts';
import { REQUEST_FIELDS } from '../../intake/tickets/fields.ts';
import { parseCommandArgs, type Command, type Io } from './command.ts';
import { eachJsonInput, parseJsonInput } from './json-input.ts';

const inputSchema = z.strictObject({ address: z.string().min(1, 'cần "address"'), field: z.string().optional() });

export const routeCommand: Command = {
  name: 'route',
  help: `Cách dùng: tgpl route [--json] [--detail] ['{"address": "…", "field": "…"}']
       tgpl route --sample N [--seed S] [--json]

Đọc địa chỉ (có dấu hay không, có dấu phẩy hay không, kể cả địa chỉ cũ trước 01/07/2025 có huyện,
viết tắt "x.", "p.", "tt", "h.", "q.", "tx", "tp") ra tỉnh và xã/phường theo mã 2025, rồi tìm chi nhánh
phụ trách trong DIRECTORY_FILE. Không có đối số: đọc mỗi dòng một đối tượng JSON từ đầu vào chuẩn.
Kết quả: {province: {code, name}, commune: {code, name} | null, candidates: [{code, name, province,
provinceCode, label, from?}], branch: {id, name} | null, reason}
Với --detail thêm: ambiguity (same_name: nhiều nơi cùng tên | split: xã cũ nay thuộc nhiều xã mới),
question (câu hỏi lại người dân), oldUnit (xã cũ), district (huyện cũ), hamlet (thôn, xóm, số nhà… như
đã gõ), unmatched (phần chưa nhận ra), raw (địa chỉ như đã gõ), area (inside | outside | unknown:
trong hay ngoài tỉnh của Trung tâm) và referral (Trung tâm của tỉnh khác và lời giới thiệu).
field (không bắt buộc): ${REQUEST_FIELDS.map((f) => f.id).join(', ')}

Đo độ chính xác (--sample): lấy ngẫu nhiên N xã cũ trong bảng cũ→mới (cùng --seed thì cùng mẫu),
viết mỗi xã thành "xã A, huyện B, tỉnh C" theo nhiều cách (có dấu, không dấu, không dấu phẩy, viết
tắt, bỏ chữ xã/huyện/tỉnh), đọc lại và in tỷ lệ ra đúng xã mới, số lần ra danh sách để chọn có xã
đúng, số sai và số không tìm được. Xã cũ bị chia cho nhiều xã mới: đúng khi hỏi lại đúng các xã đó.

Tùy chọn:
  --json      in kết quả dạng JSON (mặc định: dạng đọc được)
  --detail    thêm các trường chi tiết ở trên vào kết quả JSON
  --sample N  đo trên N xã cũ lấy ngẫu nhiên (không đọc địa chỉ nhập vào)
  --seed S    hạt giống ngẫu nhiên cho --sample (mặc định 1)
  -h, --help  xem hướng dẫn này`,
  async run(args: string[], io: Io): Promise<number> {
    const { values, positionals } = parseCommandArgs(
      'route',
      args,
      { json: { type: 'boolean' }, detail: { type: 'boolean' }, sample: { type: 'string' }, seed: { type: 'string' } },
      true,
    );
    loadDotEnv();
    const config = loadConfig(io.env);
    const units = loadAdminUnits(config);
    if (!units) throw new UsageError(`tgpl route: không thấy dữ liệu đơn vị hành chính ở ${config.adminUnitsDir} (ADMIN_UNITS_DIR)`);
    const resolver = new AddressResolver(units);

    if (values.seed !== undefined && values.sample === undefined) throw new UsageError('tgpl route: --seed chỉ dùng cùng --sample');
    if (values.sample !== undefined) {
      if (positionals.length > 0) throw new UsageError('tgpl route: --sample không nhận địa chỉ');
      const n = wholeNumber(values.sample, '--sample', 1);
      const seed = values.seed === undefined ? 1 : wholeNumber(values.seed, '--seed', 0);
      const m = measureOldAddresses(resolver, units, n, seed);
      io.stdout.write(values.json ? `${JSON.stringify(m)}\n` : printMeasurement(m));
      return 0;
    }

    const directory = loadDirectory(config, units);
    const today = isoDateIn(new Date(), config.timeZone);
    const one = (line: string) => {
      const raw = parseJsonInput('route', line);
      const unknown = raw && typeof raw === 'object' ? Object.keys(raw).filter((k) => k !== 'address' && k !== 'field') : [];
      if (unknown.length > 0) throw new UsageError(`tgpl route: không biết trường "${unknown.join('", "')}" (dùng: address, field)`);
      const parsed = inputSchema.safeParse(raw);
      if (!parsed.success) throw new UsageError('tgpl route: cần {"address": "địa chỉ", "field": "lĩnh vực (không bắt buộc)"}');
      const { address, field } = parsed.data;
      if (field && !REQUEST_FIELDS.some((f) => f.id === field)) throw new UsageError(`tgpl route: field "${field}" không hợp lệ (cho phép: ${REQUEST_FIELDS.map((f) => f.id).join(', ')})`);
      const r = resolver.resolve(address);
      const area = directory.areaOf(r);
      const inProvince = area === 'inside';
      const target = inProvince ? directory.route(r.commune?.code ?? null, field) : undefined;
      const outside = area === 'outside' && r.province && !inProvince;
      const referral = outside && r.province ? referralFor(r.province.code, today) : undefined;
      const result = {
        province: r.province ? { code: r.province.code, name: r.province.name } : null,
        commune: r.commune,
        candidates: r.candidates,
        branch: target ? { id: target.id, name: target.name } : null,
        reason: outside ? `${r.reason} Tỉnh này không thuộc ${directory.data.centre.name}.` : r.reason,
      };
      const detail = {
        ambiguity: r.ambiguity,
        question: r.question,
        oldUnit: r.oldUnit,
        district: r.district,
        hamlet: r.hamlet,
        unmatched: r.unmatched,
        raw: r.raw,
        area,
        referral: referral ?? null,
      };
      if (values.json) {
        io.stdout.write(`${JSON.stringify(values.detail ? { ...result, ...detail } : result)}\n`);
        return;
      }
      const lines = [
        `Tỉnh: ${result.province?.name ?? '—'}`,
        `Xã/phường: ${result.commune?.name ?? '—'}`,
        ...(r.oldUnit ? [`Xã/phường cũ: ${r.oldUnit.name}, ${r.oldUnit.district}, ${r.oldUnit.province}`] : r.district ? [`Huyện cũ: ${r.district}`] : []),
        ...(r.hamlet ? [`Thôn/xóm, số nhà: ${r.hamlet}`] : []),
        ...(r.unmatched ? [`Chưa nhận ra: ${r.unmatched}`] : []),
        ...(r.question ? [`Hỏi lại: ${r.question}`] : []),
        ...result.candidates.map((c) => `  có thể là: ${c.label} (${c.code})`),
        `Nơi phụ trách: ${result.branch?.name ?? '—'}`,
        ...(referral ? [`Giới thiệu: ${referral.message}`] : []),
        `Ghi chú: ${result.reason}`,
      ];
      io.stdout.write(`${lines.join('\n')}\n\n`);
    };
    return eachJsonInput(io, positionals[0], Boolean(values.json), one);
  },
};

function wholeNumber(text: string, option: string, min: number): number {
  const n = Number(text);
  if (!/^\d+$/u.test(text.trim()) || !Number.isSafeInteger(n) || n < min) throw new UsageError(`tgpl route: ${option} cần một số nguyên từ ${min} trở lên`);
  return n;
}

function printMeasurement(m: Measurement): string {
  const pct = (k: number, total: number) => `${k}/${total} (${total > 0 ? ((100 * k) / total).toFixed(1) : '0.0'}%)`;
  const rows = m.scores.map((s) => `| ${s.label} | ${pct(s.correct, s.total)} | ${s.choiceWithRight} | ${s.wrong} | ${s.notFound} |`);
  const misses = m.scores.flatMap((s) => s.misses.slice(0, 3).map((x) => `  [${s.label}] ${x.address} → cần ${x.expected.join('/')}, ra ${x.got.join('/') || '—'}`));
  return [
    `Mẫu: ${m.n} xã/phường cũ (seed ${m.seed}); ${m.split} xã trong đó bị chia cho nhiều xã mới.`,
    '',
    '| cách viết | đúng xã mới | danh sách chọn có xã đúng | sai | không tìm được |',
    '|---|---|---|---|---|',
    ...rows,
    ...(misses.length > 0 ? ['', 'Ví dụ chưa ra đúng một xã:', ...misses] : []),
    '',
  ].join('\n');
}
