import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import pg from 'pg';
import { BACKENDS, backendEnv } from '../postgres.ts';
import { describe, expect, it } from 'vitest';
import { main } from '../../bot/cli.ts';
import { PROJECT_ROOT } from '../../lib/config.ts';
import { capturedIo, tempDir } from '../helpers.ts';

const BIN = join(PROJECT_ROOT, 'bin', 'tgpl.mjs');

/** Runs the real `tgpl` command with `input` piped in; never throws on a non-zero exit. */
export async function tgpl(args: string[], input = '', env: Record<string, string> = {}) {
  const dataDir = env.DATA_DIR ?? tempDir();
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    const child = execFile(
      process.execPath,
      [BIN, ...args],
      { env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent', AUTO_INGEST: 'false', ...env }, timeout: 60_000 },
      (err, stdout, stderr) => resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin?.end(input);
  });
}


describe('tgpl command', () => {
  it('scripts a conversation through standard input', async () => {
    const result = await tgpl(['chat'], 'kiem tra\n');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('có được trợ giúp pháp lý miễn phí không');
    expect(result.stdout).toContain('bao nhiêu tuổi');
    expect(result.stderr).toBe('');
  });

  it('resumes a conversation from the SQLite file in a new process', async () => {
    const dir = tempDir();
    await tgpl(['chat', '--user', 'an'], 'kiem tra\n80\n', { DATA_DIR: dir });
    const again = await tgpl(['chat', '--user', 'an'], '1\n', { DATA_DIR: dir });
    expect(again.stdout).toContain('khoản 2 Điều 7');
    const other = await tgpl(['chat', '--user', 'binh'], '1\n', { DATA_DIR: dir });
    expect(other.stdout).not.toContain('khoản 2 Điều 7');
  });

  it.each([
    [['chat', '--bogus'], "tgpl chat: Unknown option '--bogus'. Xem: tgpl chat --help"],
    [['nonsense'], 'tgpl: không có lệnh "nonsense". Xem: tgpl --help'],
    [['chat', '--user', 'a b'], 'tgpl chat: --user "a b" không hợp lệ'],
  ])('a wrong argument %o prints one line and exits non-zero', async (args, line) => {
    const t = capturedIo();
    const code = await main(args, t.io);
    expect(code).not.toBe(0);
    expect(t.err()).toContain(line);
    expect(t.err().trim().split('\n')).toHaveLength(1);
  });

  it('a wrong setting prints one line naming it, with no stack trace', async () => {
    const result = await tgpl(['chat'], '', { LOG_LEVEL: 'loud' });
    expect(result.code).not.toBe(0);
    expect(result.stderr.trim()).toBe(
      'Lỗi cấu hình: LOG_LEVEL = "loud" không hợp lệ (cho phép: fatal, error, warn, info, debug, trace, silent)',
    );
  });

  it('has --help on every subcommand', async () => {
    const { commands } = await import('../../bot/cli.ts');
    for (const command of commands) {
      const t = capturedIo();
      expect(await main([command.name, '--help'], t.io)).toBe(0);
      expect(t.out()).toContain(`tgpl ${command.name}`);
    }
    const t = capturedIo();
    expect(await main(['--help'], t.io)).toBe(0);
    expect(t.out()).toContain('chat');
  });
});

describe('tgpl check', () => {
  it('prints the JSON result for facts given as an argument', async () => {
    const result = await tgpl(['check', '--json', '{"age": 75, "household": "near_poor", "date": "2026-01-05"}']);
    expect(result.code).toBe(0);
    const parsed = JSON.parse(result.stdout);
    expect(parsed).toMatchObject({ status: 'eligible', asOf: '2026-01-05', missing: [] });
    expect(parsed.groups[0]).toMatchObject({ clause: '7.7c' });
    expect(Object.keys(parsed)).toEqual(expect.arrayContaining(['status', 'groups', 'missing', 'documents', 'reasons', 'asOf']));
  });

  it('reads one facts object a line from standard input', async () => {
    const input = '{"traffickingVictim": true, "household": "none", "monthlySocialAllowance": false, "date": "2025-06-01"}\n' +
      '{"traffickingVictim": true, "date": "2025-07-01"}\nnot json\n';
    const result = await tgpl(['check', '--json'], input);
    const lines = result.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines[0].groups).toEqual([]);
    expect(lines[1].groups.map((g: { clause: string }) => g.clause)).toEqual(['7.6a']);
    expect(lines[2].error).toContain('không đọc được JSON');
    expect(result.code).toBe(1);
  });

  it('refuses a date before the law and an unknown fact in one line', async () => {
    const early = await tgpl(['check', '--json', '{"date": "2017-06-01"}']);
    expect(early.code).toBe(2);
    expect(early.stderr.trim()).toBe(
      'tgpl check: Ngày 01/06/2017 trước khi Luật Trợ giúp pháp lý 2017 có hiệu lực (01/01/2018): không có quy định để xét.',
    );
    const typo = await tgpl(['check', '{"agee": 3}']);
    expect(typo.stderr.trim().split('\n')).toHaveLength(1);
    expect(typo.stderr).toContain('"agee"');
  });

  it('prints a readable result without --json', async () => {
    const result = await tgpl(['check', '{"household": "poor"}']);
    expect(result.stdout).toContain('Thuộc diện được trợ giúp pháp lý');
    expect(result.stdout).toContain('Giấy chứng nhận hộ nghèo');
  });
});

describe('tgpl ask, ingest and eval', () => {
  const env = () => ({ DATA_DIR: tempDir(), KNOWLEDGE_DIRS: join(PROJECT_ROOT, 'test', 'fixtures', 'knowledge'), AUTO_INGEST: 'true' });

  it('prints the answer as JSON with citations best first, indexing on first use', async () => {
    const result = await tgpl(['ask', 'Điều kiện khó khăn về tài chính là gì?', '--json', '--top', '3'], '', env());
    expect(result.code).toBe(0);
    const parsed = JSON.parse(result.stdout);
    expect(Object.keys(parsed)).toEqual(['question', 'answer', 'citations', 'confidence', 'handoff']);
    expect(parsed.citations.length).toBeLessThanOrEqual(3);
    expect(Object.keys(parsed.citations[0])).toEqual(['document', 'article', 'title', 'excerpt', 'score', 'source']);
    expect(parsed.citations[0]).toMatchObject({ document: '144/2017/NĐ-CP', article: '2' });
  });

  it('reads one question a line and prints one JSON object a line', async () => {
    const result = await tgpl(['ask', '--json'], 'co mat tien khong\n\n"NEAR(\n', env());
    const lines = result.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2);
    expect(lines[1].question).toBe('"NEAR(');
  });

  it('refuses a wrong --top in one line', async () => {
    const result = await tgpl(['ask', 'x', '--top', 'many'], '', env());
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe('tgpl ask: --top phải là số nguyên từ 1 đến 20 (nhận: "many")');
  });

  it('ingests an added folder and remembers it', async () => {
    const e = { ...env(), KNOWLEDGE_DIRS: tempDir() };
    const result = await tgpl(['ingest', '--json', join(PROJECT_ROOT, 'test', 'fixtures', 'knowledge')], '', e);
    expect(JSON.parse(result.stdout)).toMatchObject({ files: 4, failed: [] });
    const again = await tgpl(['ingest', '--json'], '', e);
    expect(JSON.parse(again.stdout)).toMatchObject({ files: 4, unchanged: 4 });
    const missing = await tgpl(['ingest', '/no/such/folder'], '', e);
    expect(missing.stderr.trim()).toBe('tgpl ingest: không thấy "/no/such/folder"');
  });

  it('evaluates a question file', async () => {
    const dir = tempDir();
    const file = join(dir, 'q.jsonl');
    writeFileSync(file, '{"id": "t-1", "question": "Điều kiện khó khăn về tài chính", "gold": [{"document": "144/2017/NĐ-CP", "article": "2"}]}\n');
    const result = await tgpl(['eval', file], '', env());
    expect(result.stdout).toContain('| t | 1 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |');
    const bad = await tgpl(['eval', join(dir, 'none.jsonl')], '', env());
    expect(bad.stderr).toContain('không thấy tệp');
  });
});

describe('tgpl route and tickets', () => {
  it('routes an old address to the 2025 commune and its branch', async () => {
    const result = await tgpl(['route', '--json', '{"address": "xã Song Pe, huyện Bắc Yên, Sơn La", "field": "dat_dai"}']);
    expect(JSON.parse(result.stdout)).toEqual({
      province: { code: '14', name: 'Tỉnh Sơn La' },
      commune: { code: '03856', name: 'Xã Bắc Yên' },
      candidates: [],
      branch: { id: 'cn-bac-yen', name: 'Chi nhánh Bắc Yên (mẫu)' },
      reason: 'Địa chỉ trước 01/07/2025 (Xã Song Pe, Huyện Bắc Yên) được chuyển sang đơn vị mới.',
    });
  });

  it('reads one object a line and names a wrong input', async () => {
    const result = await tgpl(['route', '--json'], '{"address": "xa Tan Phong"}\n{"adress": "x"}\n');
    const [first, second] = result.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(first.candidates.length).toBeGreaterThan(1);
    expect(second.error).toContain('adress');
    expect(result.code).toBe(1);
  });

  it('warns at start when the branch directory is the sample (placeholder contacts)', async () => {
    const result = await tgpl(['start'], 'menu\n', { DATA_DIR: tempDir() });
    expect(result.stderr).toContain('đang dùng danh bạ chi nhánh MẪU');
    const real = join(tempDir(), 'real.yaml');
    writeFileSync(real, 'centre: { name: Trung tâm TGPL tỉnh Sơn La, province: "14", address: "Số 1 đường A", phone: "0212 000 000" }\nbranches: []\n');
    const withReal = await tgpl(['start'], 'menu\n', { DATA_DIR: tempDir(), DIRECTORY_FILE: real });
    expect(withReal.stderr).not.toContain('MẪU');
    expect(withReal.code, withReal.stderr).toBe(0);
  });

  it('reports a wrong branch directory at start, naming the file and entry', async () => {
    const dir = tempDir();
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'centre: { name: T, province: "14" }\nbranches:\n  - { id: a, name: A, communes: [Xã Không Có] }\n');
    const result = await tgpl(['chat'], 'menu\n', { DIRECTORY_FILE: file });
    expect(result.code).not.toBe(0);
    expect(result.stderr.trim()).toBe(`Lỗi danh bạ chi nhánh: ${file}: branches[0] (a): xã/phường "Xã Không Có" không có trong Tỉnh Sơn La`);
  });

  it('works the desk from the command line', async () => {
    const dir = tempDir();
    const script = ['gui yeu cau', 'dong y', '1', 'Lo Van Pao', '1958', '0912345678', 'xa Ta Xua, Son La', '1', 'dat dai', 'Hang xom lan dat nha toi', '1', '1', 'gui'].join('\n');
    await tgpl(['chat'], `${script}\n`, { DATA_DIR: dir });
    const list = await tgpl(['tickets', 'list', '--json', '--status', 'routed'], '', { DATA_DIR: dir });
    expect(JSON.parse(list.stdout).map((t: { number: string }) => t.number)).toEqual(['TG-2026-000001']);
    const note = await tgpl(['tickets', 'note', 'TG-2026-000001', 'Đã', 'gọi'], '', { DATA_DIR: dir });
    expect(note.stdout).toContain('Đã ghi chú');
    const show = await tgpl(['tickets', 'show', 'TG-2026-000001', '--json'], '', { DATA_DIR: dir });
    expect(JSON.parse(show.stdout).events.map((e: { action: string }) => e.action)).toEqual(['create', 'route', 'note']);
    const bad = await tgpl(['tickets', 'status', 'TG-2026-000001', 'finished'], '', { DATA_DIR: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    const missing = await tgpl(['tickets', 'show', 'TG-2026-999999'], '', { DATA_DIR: dir });
    expect(missing.stderr.trim()).toBe('tgpl tickets show: Không có yêu cầu số TG-2026-999999 trong danh sách của bạn');
  });
});

describe.each(BACKENDS)('the conversation contract for outside checks (%s)', (backend) => {
  it('tgpl chat --user X reads lines, and tgpl tickets list --json shows the requester, the criminal role and a referral', async () => {
    const dir = tempDir();
    // On PostgreSQL: DATABASE_URL names an empty database, and the ticket rows end up there.
    const env: Record<string, string> = { DATA_DIR: dir, LOG_LEVEL: 'silent', LOG_FILE: '-', AUTO_INGEST: 'false', ...(await backendEnv(backend)) };
    const lines = [
      'gửi yêu cầu', 'đồng ý', 'cho con trai tôi', 'Lò Văn Páo', 'không có điện thoại', 'Lò Văn Sinh', '16 tuổi', 'không có',
      'xã Tà Xùa, Sơn La', '9', 'Con tôi bị công an tạm giữ từ hôm qua vì đánh nhau', 'không có', 'đúng',
    ];
    const chat = capturedIo(env);
    const stdin = new PassThrough();
    stdin.end(`${lines.join('\n')}\n`);
    expect(await main(['chat', '--user', 'an'], { ...chat.io, stdin })).toBe(0);
    expect(chat.out()).toContain('TG-');
    const list = capturedIo(env);
    expect(await main(['tickets', 'list', '--json'], list.io)).toBe(0);
    const [ticket] = JSON.parse(list.out()) as Array<Record<string, unknown>>;
    expect(ticket).toMatchObject({
      forWhom: 'other',
      requester: { name: 'Lò Văn Páo', relation: 'Cha / mẹ', phone: null },
      criminalRole: 'arrested',
      urgent: true,
      field: 'hinh_su',
      referral: null,
    });
    if (backend === 'postgres') {
      const client = new pg.Client({ connectionString: env.DATABASE_URL });
      await client.connect();
      const { rows } = await client.query<{ number: string; draft: string }>('SELECT number, draft FROM tickets');
      await client.end();
      expect(rows.map((r) => r.number)).toEqual([ticket!.number]);
      expect(rows[0]!.draft).toMatch(/^enc:v1:/u);
    }
  });
});
