import { describe, expect, it } from 'vitest';
import { openDataServices } from '../../../bot/data-services.ts';
import { systemClock } from '../../../lib/clock.ts';
import { silentLogger } from '../../../lib/logger.ts';
import { StaffAccounts } from '../../../web/staff-accounts.ts';
import { runTgpl, tempDir, testConfig } from '../../helpers.ts';

describe('tgpl staff', () => {
  it('sets a password (only its argon2id hash is stored) that the web desk then accepts', async () => {
    const dir = tempDir();
    const env = { DATA_DIR: dir };
    const set = await runTgpl(['staff', 'password', 'staff-bac-yen'], env, 'mot-mat-khau-dai\n');
    expect(set).toMatchObject({ code: 0, out: 'Đã đặt mật khẩu cho staff-bac-yen. Đăng nhập tại /desk.\n' });
    const list = await runTgpl(['staff', 'list'], env);
    expect(list.code).toBe(0);
    expect(list.out).toContain('staff-bac-yen  Cán bộ Chi nhánh Bắc Yên (mẫu)  Chi nhánh Bắc Yên (mẫu)  có mật khẩu');
    expect(list.out).toContain('staff-centre  Cán bộ Trung tâm (mẫu)  Trung tâm  chưa có mật khẩu');
    const data = await openDataServices(testConfig(dir), systemClock, silentLogger);
    try {
      const row = await data.db.get<{ hash: string }>('SELECT hash FROM staff_passwords WHERE account = ?', ['staff-bac-yen']);
      expect(row!.hash).toMatch(/^\$argon2id\$/u);
      expect(row!.hash).not.toContain('mot-mat-khau-dai');
      const accounts = new StaffAccounts(data.db, data.intake.directory);
      expect((await accounts.verifyPassword('staff-bac-yen', 'mot-mat-khau-dai'))?.branch).toBe('cn-bac-yen');
      expect(await accounts.verifyPassword('staff-bac-yen', 'mot-mat-khau-sai')).toBeUndefined();
    } finally {
      await data.db.close();
    }
  });

  it('refuses bad input in one Vietnamese line, never a stack trace', async () => {
    const env = { DATA_DIR: tempDir() };
    expect(await runTgpl(['staff', 'password', 'staff-bac-yen'], env, 'ngan\n')).toMatchObject({ code: 2, err: 'tgpl staff: mật khẩu cần ít nhất 10 ký tự\n' });
    expect(await runTgpl(['staff', 'password', 'staff-bac-yen'], env, '')).toMatchObject({ code: 2, err: 'tgpl staff: chưa nhập mật khẩu (gõ ở cửa sổ dòng lệnh, hoặc dòng đầu của đầu vào)\n' });
    const unknown = await runTgpl(['staff', 'password', 'ai-do'], env, 'mot-mat-khau-dai\n');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/^tgpl staff: không có cán bộ "ai-do" trong danh bạ .*directory\.sample\.yaml \(xem: tgpl staff list\)\n$/u);
    for (const args of [['staff'], ['staff', 'password'], ['staff', 'xoa', 'x'], ['staff', 'list', 'thua']]) {
      const r = await runTgpl(args, env);
      expect(r, args.join(' ')).toMatchObject({ code: 2, err: 'tgpl staff: cần "list", "password TÊN" hoặc "link TÊN". Xem: tgpl staff --help\n' });
    }
    expect((await runTgpl(['staff', '--bogus'], env)).err.split('\n')).toHaveLength(2);
  });

  it('queues a one-time sign-in link for the member\'s own chat', async () => {
    const dir = tempDir();
    const env = { DATA_DIR: dir, WEB_PUBLIC_URL: 'https://tgpl.example.vn' };
    const r = await runTgpl(['staff', 'link', 'staff-centre'], env);
    expect(r).toMatchObject({ code: 0, out: 'Đã xếp liên kết đăng nhập vào hàng gửi cho staff-centre (console); trợ lý đang chạy sẽ gửi đi.\n' });
    const data = await openDataServices(testConfig(dir), systemClock, silentLogger);
    try {
      const [message] = await data.intake.outbox.pending();
      expect(message).toMatchObject({ channel: 'console', chatId: 'staff-centre' });
      expect(message!.text).toMatch(/https:\/\/tgpl\.example\.vn\/desk\/link\/[\w-]{40,}/u);
    } finally {
      await data.db.close();
    }
  });
});
