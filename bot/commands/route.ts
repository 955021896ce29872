/** `tgpl route`: which province, commune and branch an address goes to. */
import { z } from 'zod';
import { loadConfig, loadDotEnv } from '../../lib/config.ts';
import { UsageError } from '../../lib/usage-error.ts';
import { loadAdminUnits, loadDirectory } from '../../intake/intake-services.ts';
import { AddressResolver } from '../../intake/routing/address-resolver.ts';
import { REQUEST_FIELDS } from '../../intake/tickets/fields.ts';
import { parseCommandArgs, type Command, type Io } from './command.ts';
import { eachJsonInput, parseJsonInput } from './json-input.ts';

const inputSchema = z.strictObject({ address: z.string().min(1, 'cần "address"'), field: z.string().optional() });

export const routeCommand: Command = {
  name: 'route',
  summary: 'tìm xã/phường, tỉnh và chi nhánh phụ trách từ một địa chỉ',
  help: `Cách dùng: tgpl route [--json] ['{"address": "…", "field": "…"}']

Đọc địa chỉ (có dấu hay không, kể cả địa chỉ cũ trước 01/07/2025 có huyện) ra tỉnh và xã/phường
theo mã 2025, rồi tìm chi nhánh phụ trách trong DIRECTORY_FILE. Không có đối số: đọc mỗi dòng một
đối tượng JSON từ đầu vào chuẩn.
Kết quả: {province: {code, name}, commune: {code, name} | null, candidates: [{code, name, province}],
branch: {id, name} | null, reason}
field (không bắt buộc): ${REQUEST_FIELDS.map((f) => f.id).join(', ')}

Tùy chọn:
  --json      in kết quả dạng JSON (mặc định: dạng đọc được)
  -h, --help  xem hướng dẫn này`,
  async run(args: string[], io: Io): Promise<number> {
    const { values, positionals } = parseCommandArgs('route', args, { json: { type: 'boolean' } }, true);
    loadDotEnv();
    const config = loadConfig(io.env);
    const units = loadAdminUnits(config);
    if (!units) throw new UsageError(`tgpl route: không thấy dữ liệu đơn vị hành chính ở ${config.adminUnitsDir} (ADMIN_UNITS_DIR)`);
    const resolver = new AddressResolver(units);
    const directory = loadDirectory(config, units);
    const one = (line: string) => {
      const raw = parseJsonInput('route', line);
      const unknown = raw && typeof raw === 'object' ? Object.keys(raw).filter((k) => k !== 'address' && k !== 'field') : [];
      if (unknown.length > 0) throw new UsageError(`tgpl route: không biết trường "${unknown.join('", "')}" (dùng: address, field)`);
      const parsed = inputSchema.safeParse(raw);
      if (!parsed.success) throw new UsageError('tgpl route: cần {"address": "địa chỉ", "field": "lĩnh vực (không bắt buộc)"}');
      const { address, field } = parsed.data;
      if (field && !REQUEST_FIELDS.some((f) => f.id === field)) throw new UsageError(`tgpl route: field "${field}" không hợp lệ (cho phép: ${REQUEST_FIELDS.map((f) => f.id).join(', ')})`);
      const r = resolver.resolve(address);
      const inProvince = r.province?.code === directory.province;
      const target = inProvince ? directory.route(r.commune?.code ?? null, field) : undefined;
      const result = {
        province: r.province ? { code: r.province.code, name: r.province.name } : null,
        commune: r.commune,
        candidates: r.candidates,
        branch: target ? { id: target.id, name: target.name } : null,
        reason: inProvince || !r.province ? r.reason : `${r.reason} Tỉnh này không thuộc ${directory.data.centre.name}.`,
      };
      io.stdout.write(values.json ? `${JSON.stringify(result)}\n` : `${[
        `Tỉnh: ${result.province?.name ?? '—'}`,
        `Xã/phường: ${result.commune?.name ?? '—'}`,
        ...result.candidates.map((c) => `  có thể là: ${c.name}, ${c.province} (${c.code})`),
        `Nơi phụ trách: ${result.branch?.name ?? '—'}`,
        `Ghi chú: ${result.reason}`,
      ].join('\n')}\n\n`);
    };
    return eachJsonInput(io, positionals[0], Boolean(values.json), one);
  },
};
