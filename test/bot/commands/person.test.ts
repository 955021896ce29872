import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TicketDraft } from '../../../intake/tickets/ticket.ts';
import { runTgpl, tempDir, testApp, testConfig } from '../../helpers.ts';

const DRAFT: TicketDraft = {
  forWhom: 'self', fullName: 'Lò Văn Páo', birthYear: 1958, phone: '0912345678', addressText: 'bản Pá Hốc, xã Song Pe, Sơn La',
  provinceCode: '14', communeCode: '03856', communeName: 'Xã Bắc Yên', facts: {}, eligibility: 'eligible (7.2)',
  field: 'dat_dai', description: 'Hàng xóm lấn đất.', deadline: null, urgent: false, contact: 'call',
};

async function withData() {
  const dir = tempDir();
  const app = await testApp(testConfig(dir));
  const open = await app.intake.desk.file(DRAFT, { channel: 'zalo', chatId: 'pao', userId: 'pao' });
  const closed = await app.intake.desk.file(DRAFT, { channel: 'zalo', chatId: 'pao', userId: 'pao' });
  await app.intake.desk.setStatus({ kind: 'operator' }, closed.number, 'withdrawn', '');
  await app.close();
  const env = { DATA_DIR: dir };
  return { dir, env, open, closed, tgpl: (...args: string[]) => runTgpl(args, env) };
}

describe('tgpl person', () => {
  it('shows what is held by phone or ticket number, without the whole phone', async () => {
    const { tgpl, open, closed } = await withData();
    const byPhone = await tgpl('person', 'show', '--phone', '+84 912 345 678');
    expect(byPhone).toMatchObject({ code: 0, err: '' });
    expect(byPhone.out).toContain(`${open.number}  đã chuyển chi nhánh (đang xử lý)`);
    expect(byPhone.out).toContain(`${closed.number}  đã rút`);
    expect(byPhone.out).toContain('Lò Văn Páo, sinh 1958, ĐT 091****678, Xã Bắc Yên; sự việc 17 ký tự');
    expect(byPhone.out).not.toContain('0912345678');
    expect((await tgpl('person', 'show', open.number)).out).toBe(byPhone.out);
    expect((await tgpl('person', 'show', '--phone', '0900000000')).out).toBe('Không tìm thấy dữ liệu nào của người này.\n');
    for (const [args, line] of [
      [['person', 'show'], 'tgpl person show: cần một số yêu cầu hoặc --phone SĐT (một trong hai)'],
      [['person', 'show', '1', '--phone', '0912345678'], 'tgpl person show: cần một số yêu cầu hoặc --phone SĐT (một trong hai)'],
      [['person', 'peek', '1'], 'tgpl person: cần một việc (show, export, delete)'],
      [['person', 'show', 'TG-2026-000099'], 'tgpl person show: Không có yêu cầu số TG-2026-000099'],
    ] as const) {
      const result = await tgpl(...args);
      expect(result.code).toBe(2);
      expect(result.err).toContain(line);
      expect(result.err.trim().split('\n')).toHaveLength(1);
    }
  });

  it('exports everything as JSON, to a new file only its owner can read', async () => {
    const { tgpl, open } = await withData();
    const printed = JSON.parse((await tgpl('person', 'export', open.number)).out) as { tickets: Array<{ ticket: { fullName: string; phone: string } }> };
    expect(printed.tickets.map((t) => [t.ticket.fullName, t.ticket.phone])).toEqual([['Lò Văn Páo', '0912345678'], ['Lò Văn Páo', '0912345678']]);
    const file = join(tempDir(), 'pao.json');
    const written = await tgpl('person', 'export', '--phone', '0912345678', '--out', file);
    expect(written.out).toMatch(/^Đã xuất dữ liệu \(2 yêu cầu, 0 cuộc trò chuyện, \d+ tin nhắn\) vào .*pao\.json \(quyền 0600\)\.\n$/u);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8')).tickets).toHaveLength(2);
    const again = await tgpl('person', 'export', '--phone', '0912345678', '--out', file);
    expect(again.code).toBe(2);
    expect(again.err).toContain('tệp đã có');
  });

  it('deletes only with --yes: closed requests anonymised, open ones kept unless consent is withdrawn; all audited', async () => {
    const { tgpl, open, closed } = await withData();
    const preview = await tgpl('person', 'delete', '--phone', '0912345678');
    expect(preview.out).toContain(`Chưa xóa gì. Chạy lại với --yes để xóa (giữ lại yêu cầu đang xử lý: ${open.number}; thêm --withdraw nếu người dân rút lại đồng ý).`);
    const deleted = await tgpl('person', 'delete', '--phone', '0912345678', '--yes');
    expect(deleted.out).toContain(`Đã ẩn danh (giữ số liệu thống kê): ${closed.number}.`);
    expect(deleted.out).toContain(`Giữ lại vì đang xử lý: ${open.number}.`);
    const withdrawn = await tgpl('person', 'delete', open.number, '--yes', '--withdraw', '--json');
    expect(JSON.parse(withdrawn.out)).toMatchObject({ anonymised: [open.number], withdrawn: [open.number], keptOpen: [] });
    expect((await tgpl('person', 'show', '--phone', '0912345678')).out).toBe('Không tìm thấy dữ liệu nào của người này.\n');
    const audit = (await tgpl('audit', '--json')).out.trim().split('\n').map((l) => JSON.parse(l) as { action: string; ticketNumber: string; actor: string });
    expect(audit.map((e) => e.action)).toEqual(['person_show', 'person_show', 'person_delete', 'person_delete', 'person_delete']);
    expect(audit.every((e) => e.actor.startsWith('cli:'))).toBe(true);
  });
});
