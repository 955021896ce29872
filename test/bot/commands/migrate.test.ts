import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../../lib/migrations/index.ts';
import { runTgpl, tempDir } from '../../helpers.ts';
import { BACKENDS, backendEnv } from '../../postgres.ts';

const LATEST = MIGRATIONS.length;

describe.each(BACKENDS)('tgpl migrate (%s)', (backend) => {
  it('brings a new database to the latest schema once, and says so the second time', async () => {
    const env = { DATA_DIR: tempDir(), ...(await backendEnv(backend)) };
    const status = await runTgpl(['migrate', '--status'], env);
    expect(status.out).toMatch(new RegExp(`lược đồ phiên bản 0, mới nhất ${LATEST} \\(cần chạy tgpl migrate\\)`, 'u'));
    const first = await runTgpl(['migrate'], env);
    expect(first.code).toBe(0);
    expect(first.out).toContain(`lược đồ phiên bản 0 → ${LATEST}.`);
    const again = await runTgpl(['migrate'], env);
    expect(again.out).toContain(`đã ở phiên bản mới nhất (${LATEST})`);
    // The tickets command finds the schema there.
    expect((await runTgpl(['tickets', 'list', '--json'], env)).out.trim()).toBe('[]');
  });
});

describe('PostgreSQL unreachable or without pg_dump', () => {
  it('is one line naming the server, never the password or a stack trace', async () => {
    const env = { DATA_DIR: tempDir(), DATABASE_URL: 'postgres://tgpl:s3cret-pw@127.0.0.1:1/tgpl' };
    for (const command of [['migrate'], ['tickets', 'list'], ['chat']]) {
      const result = await runTgpl(command, env);
      expect(result.code).toBe(69);
      expect(result.err).toBe('Không kết nối được PostgreSQL ở 127.0.0.1:1/tgpl: không có máy chủ nào nghe ở cổng này (connection refused)\n');
      expect(result.err + result.out).not.toContain('s3cret-pw');
    }
  });

  it('tgpl backup says in one line that pg_dump is missing', async () => {
    const dir = tempDir();
    const env = { DATA_DIR: dir, ...(await backendEnv('postgres')), PG_DUMP: '/nonexistent/pg_dump' };
    const result = await runTgpl(['backup', `${dir}/b.dump`], env);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/^tgpl backup: Không sao lưu được PostgreSQL 127\.0\.0\.1:\d+\/tgpl_\w+: không có chương trình \/nonexistent\/pg_dump .*\n$/u);
  });
});
