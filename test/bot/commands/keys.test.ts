import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TicketDraft } from '../../../intake/tickets/ticket.ts';
import { parseEnvKeys } from '../../../lib/data-keys.ts';
import { keyIdOf } from '../../../lib/vault.ts';
import { incoming, runTgpl, tempDir, testApp, testConfig } from '../../helpers.ts';
import { BACKENDS, backendEnv, type Backend } from '../../postgres.ts';

const DRAFT = {
  forWhom: 'self', fullName: 'Lò Văn Páo', birthYear: 1958, phone: '0912345678', addressText: 'xã Song Pe, Sơn La', provinceCode: '14',
  communeCode: '03856', communeName: 'Xã Bắc Yên', facts: {}, eligibility: 'eligible (7.2)', field: 'dat_dai', description: 'Lấn đất.',
  deadline: null, urgent: false, contact: 'call',
} as TicketDraft;

async function filled(backend: Backend = 'sqlite') {
  const dir = tempDir();
  const env = await backendEnv(backend);
  const config = testConfig(dir, env);
  const app = await testApp(config);
  const ticket = await app.intake.desk.file(DRAFT, { channel: 'zalo', chatId: 'c', userId: 'c' });
  await app.intake.desk.note({ kind: 'operator' }, ticket.number, 'Đã gọi ông Páo');
  for (const line of ['gửi yêu cầu', 'đồng ý', 'cho tôi', 'Lò Thị Mai']) await app.assistant.handle(incoming(line));
  await app.close();
  return { dir, config, ticket, tgpl: (...args: string[]) => runTgpl(args, { DATA_DIR: dir, ...env }) };
}

describe('tgpl keys', () => {
  it.each(BACKENDS)('rotates: a new active key, every value sealed again with it in one go, old keys kept, lookups still work (%s)', async (backend) => {
    const { config, ticket, tgpl } = await filled(backend);
    const before = await tgpl('keys', 'status');
    const [firstKey] = /k\d{8}[0-9a-f]{4}/u.exec(before.out)!;
    expect(before.out).toMatch(new RegExp(`^Khóa lấy từ tệp .*keys\\.json\\. Khóa đang dùng: ${firstKey}\\.\\n {2}${firstKey} \\(đang dùng\\): \\d+ giá trị\\n$`, 'u'));
    const rotated = await tgpl('keys', 'rotate');
    expect(rotated.code).toBe(0);
    const [, newKey, count] = /^Khóa đang dùng: (k\d{8}[0-9a-f]{4}) \(tệp .*\)\. Đã mã hóa lại (\d+) giá trị .* và 1 chỉ mục tra cứu số điện thoại\.\n$/u.exec(rotated.out)!;
    expect(newKey).not.toBe(firstKey);
    // Every value sealed before (the draft, the note, the conversation, the messages) was sealed again.
    expect(Number(count)).toBe(Number(/: (\d+) giá trị/u.exec(before.out)![1]));
    expect(Number(count)).toBeGreaterThanOrEqual(4);
    const status = (await tgpl('keys', 'status')).out;
    expect(status).toContain(`${firstKey}: 0 giá trị`);
    expect(status).toMatch(new RegExp(`${newKey} \\(đang dùng\\): [1-9]\\d* giá trị`, 'u'));
    const file = JSON.parse(readFileSync(config.dataKeys.file, 'utf8')) as { active: string; keys: Array<{ id: string }> };
    expect(file.active).toBe(newKey);
    expect(file.keys.map((k) => k.id)).toEqual([firstKey, newKey]);
    // Everything reads back, and the phone lookup was made again with the new key.
    const app = await testApp(config);
    expect((await app.intake.tickets.get(ticket.number))!.fullName).toBe('Lò Văn Páo');
    expect((await app.intake.tickets.events(ticket.number)).at(-1)!.note).toBe('Đã gọi ông Páo');
    expect((await app.intake.tickets.findByPhone('0912 345 678')).map((t) => t.number)).toEqual([ticket.number]);
    const lookup = (await app.db.get<{ value: string }>('SELECT value FROM ticket_lookups'))!.value;
    expect(lookup.startsWith(`${newKey}.`)).toBe(true);
    const draft = (await app.db.get<{ draft: string }>('SELECT draft FROM tickets'))!.draft;
    expect(keyIdOf(draft)).toBe(newKey);
    expect(render(await app.assistant.handle(incoming('1958')))).toContain('Số điện thoại');
  });

  it('generates a DATA_KEYS entry, and takes keys from DATA_KEYS instead of the file', async () => {
    const generated = (await runTgpl(['keys', 'generate'], {})).out.trim();
    expect(parseEnvKeys(generated).keys).toHaveLength(1);
    const dir = tempDir();
    const env = { DATA_DIR: dir, DATA_KEYS: generated };
    const app = await testApp(testConfig(dir, { DATA_KEYS: generated }));
    await app.intake.desk.file(DRAFT, { channel: 'zalo', chatId: 'c', userId: 'c' });
    await app.close();
    const status = await runTgpl(['keys', 'status'], env);
    expect(status.out).toContain('Khóa lấy từ biến môi trường DATA_KEYS');
    const second = (await runTgpl(['keys', 'generate'], {})).out.trim();
    const both = `${second},${generated}`;
    const rotated = await runTgpl(['keys', 'rotate'], { ...env, DATA_KEYS: both });
    expect(rotated.out).toContain(`Khóa đang dùng: ${second.split(':')[0]} (biến môi trường DATA_KEYS)`);
    expect((await runTgpl(['keys', 'status'], { ...env, DATA_KEYS: both })).out).toContain(`${generated.split(':')[0]}: 0 giá trị`);
  });

  it('refuses a missing or damaged key file in one line naming it, never a stack trace', async () => {
    const { config, tgpl } = await filled();
    writeFileSync(config.dataKeys.file, '{"format": "tgpl-data-keys/1", "active": "x", ');
    for (const command of [['tickets', 'list'], ['keys', 'status'], ['chat']]) {
      const result = await tgpl(...command);
      expect(result.code).toBe(78);
      expect(result.err).toBe(`Tệp khóa dữ liệu ${config.dataKeys.file} bị hỏng: không phải JSON (damaged key file)\n`);
    }
    const moved = await runTgpl(['tickets', 'list'], { DATA_DIR: config.dataDir, DATA_KEY_FILE: join(config.dataDir, 'gone.json') });
    expect(moved.code).toBe(78);
    expect(moved.err).toMatch(/^Thiếu tệp khóa dữ liệu .*gone\.json: .*\(missing key file\)\n$/u);
  });
});

function render(replies: Array<{ text: string }>): string {
  return replies.map((r) => r.text).join('\n');
}
