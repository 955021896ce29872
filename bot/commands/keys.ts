/**
 * `tgpl keys status|rotate|generate`: the keys sealing personal data (lib/data-keys.ts,
 * lib/vault.ts). A rotation adds a key to the key file, makes it active, and seals every stored value
 * again with it — and makes every phone lookup again — in one transaction; older keys stay in the
 * file, since backups made before still need them.
 */
import { addKeyToFile, formatEnvKey, newKey } from '../../lib/data-keys.ts';
import { resealAll, sealedValueCounts } from '../../lib/sealed-columns.ts';
import { UsageError } from '../../lib/usage-error.ts';
import { parseCommandArgs, type Command, type Io } from './command.ts';
import { withData } from './data-access.ts';

const ACTIONS = ['status', 'rotate', 'generate'] as const;

export const keysCommand: Command = {
  name: 'keys',
  help: `Cách dùng: tgpl keys <việc>

  status     khóa lấy từ đâu (DATA_KEY_FILE hoặc DATA_KEYS), các khóa, khóa đang dùng, và bao nhiêu
             giá trị được mã hóa bằng mỗi khóa
  rotate     đổi khóa: thêm một khóa mới vào tệp khóa, dùng nó từ nay, và mã hóa lại mọi giá trị đã
             lưu bằng nó (cùng các chỉ mục tra cứu số điện thoại) trong một giao dịch. Khóa cũ vẫn
             giữ trong tệp (bản sao lưu cũ cần nó). Khi khóa lấy từ DATA_KEYS: mã hóa lại bằng khóa
             đầu tiên của DATA_KEYS (thêm khóa mới: tgpl keys generate, đặt nó lên đầu DATA_KEYS).
  generate   in ra một khóa mới dạng "mã:base64" để đặt vào DATA_KEYS (không đổi gì)

Nên đổi khóa khi vắng người dùng (hoặc dừng trợ lý): trong lúc mã hóa lại, trợ lý phải chờ.
Mất tệp khóa là mất dữ liệu đã mã hóa: sao lưu tệp khóa riêng, không để cùng bản sao lưu dữ liệu.

Tùy chọn:
  -h, --help  xem hướng dẫn này`,
  async run(args: string[], io: Io): Promise<number> {
    const { positionals } = parseCommandArgs('keys', args, {}, true);
    const action = positionals[0];
    if (!action || !(ACTIONS as readonly string[]).includes(action) || positionals.length > 1) {
      throw new UsageError(`tgpl keys: cần một việc (${ACTIONS.join(', ')}). Xem: tgpl keys --help`);
    }
    if (action === 'generate') {
      io.stdout.write(`${formatEnvKey(newKey(new Date()))}\n`);
      return 0;
    }
    return withData(io, `keys ${action}`, async ({ db, vault, intake }) => {
      const source = vault.source.kind === 'file' ? `tệp ${vault.source.file}` : 'biến môi trường DATA_KEYS';
      if (action === 'rotate') {
        if (vault.source.kind === 'file') {
          addKeyToFile(vault.source.file, new Date());
          vault.refresh();
        }
        const { counts, lookups } = await db.transaction(async () => ({ counts: await resealAll(db, vault), lookups: await intake.tickets.rebuildLookups() }));
        // Old pages and write-ahead frames hold values sealed with the old key: emptied now (SQLite;
        // PostgreSQL reclaims dead rows by its vacuum).
        if (db.dialect === 'sqlite') await db.exec('PRAGMA wal_checkpoint(TRUNCATE)').catch(() => undefined);
        else await db.compact().catch(() => undefined);
        const total = Object.values(counts).reduce((a, b) => a + b, 0);
        io.stdout.write(
          `Khóa đang dùng: ${vault.activeKeyId} (${source}). Đã mã hóa lại ${total} giá trị (${Object.entries(counts)
            .map(([c, n]) => `${c} ${n}`)
            .join(', ')}) và ${lookups} chỉ mục tra cứu số điện thoại.\n`,
        );
        return 0;
      }
      const { byKey, plain } = await sealedValueCounts(db);
      const lines = [`Khóa lấy từ ${source}. Khóa đang dùng: ${vault.activeKeyId}.`];
      for (const id of vault.keyIds) lines.push(`  ${id}${id === vault.activeKeyId ? ' (đang dùng)' : ''}: ${byKey[id] ?? 0} giá trị`);
      for (const [id, n] of Object.entries(byKey)) if (!vault.keyIds.includes(id)) lines.push(`  ${id} (KHÔNG CÓ trong ${source}): ${n} giá trị không đọc được`);
      if (plain > 0) lines.push(`  Chưa mã hóa: ${plain} giá trị (hãy chạy tgpl keys rotate)`);
      io.stdout.write(`${lines.join('\n')}\n`);
      return 0;
    });
  },
};
