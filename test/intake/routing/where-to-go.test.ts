import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, PROJECT_ROOT } from '../../../lib/config.ts';
import { AddressResolver } from '../../../intake/routing/address-resolver.ts';
import { AdminUnits } from '../../../intake/routing/admin-units.ts';
import { BranchDirectory } from '../../../intake/routing/directory.ts';
import { asksWhere, placePhrases, WhereToGo } from '../../../intake/routing/where-to-go.ts';
import { tempDir } from '../../helpers.ts';

const config = loadConfig({});
const hasUnits = existsSync(config.adminUnitsDir);
const TODAY = '2026-11-23';

describe('reading a "where do I go?" question', () => {
  it('knows the question, with or without diacritics', () => {
    expect(asksWhere('giờ nộp đơn ở đâu')).toBe(true);
    expect(asksWhere('gio nop don o dau')).toBe(true);
    expect(asksWhere('thì liên hệ ai')).toBe(true);
    expect(asksWhere('ly hôn thì con ai nuôi')).toBe(false);
  });

  it('takes the place out of the sentence, keeping the commas of one address and dropping "cũ"', () => {
    expect(placePhrases('toi o xa Song Pe cu, gio nop don o dau')[0]).toBe('xa Song Pe');
    expect(placePhrases('Nhà tôi ở bản Nà Lốc, xã Chiềng Sơn, huyện Mộc Châu cũ. Cần luật sư thì liên hệ ai?')[0]).toBe(
      'bản Nà Lốc, xã Chiềng Sơn, huyện Mộc Châu',
    );
    expect(placePhrases('tôi ở Chợ Đồn, Thái Nguyên muốn nhờ luật sư thì đi đâu')[0]).toBe('Chợ Đồn, Thái Nguyên');
  });
});

describe.runIf(hasUnits)('answering where to go from the address data and the sample directory (Sơn La)', () => {
  const units = AdminUnits.load(config.adminUnitsDir);
  const directory = BranchDirectory.load(join(PROJECT_ROOT, 'intake', 'directory.sample.yaml'), units);
  const where = new WhereToGo(new AddressResolver(units), directory);

  it('an old commune is moved to its 2025 unit; the sample directory’s placeholders are never given as real contacts', () => {
    expect(directory.isSample).toBe(true);
    const answer = where.answer('toi o xa Song Pe cu, gio nop don o dau', TODAY)!;
    expect(answer).toContain('Xã Song Pe cũ nay thuộc Xã Bắc Yên, Tỉnh Sơn La');
    expect(answer).not.toContain('(mẫu)');
    expect(answer).toContain('Trung tâm Trợ giúp pháp lý nhà nước tỉnh Sơn La');
    expect(answer).toContain('đang được cập nhật');
    expect(answer).toContain('1800.1233');
    expect(answer).toContain('(Căn cứ: khoản 1 Điều 11 Luật Trợ giúp pháp lý 2017; Điều 5 Nghị định 144/2017/NĐ-CP.)');
  });

  it('a directory with real contacts sends the person to the branch that serves the commune, with its address and phone', () => {
    const file = join(tempDir(), 'directory.yaml');
    writeFileSync(
      file,
      readFileSync(join(PROJECT_ROOT, 'intake', 'directory.sample.yaml'), 'utf8')
        .replace('(mẫu) địa chỉ Chi nhánh', 'Tiểu khu 1, xã Bắc Yên')
        .replace('(mẫu) số điện thoại Chi nhánh', '0212 000 000')
        .replaceAll(/: \(mẫu\) [^\n]*/gu, ': x')
        .replaceAll(' (mẫu)', ''),
    );
    const real = BranchDirectory.load(file, units);
    expect(real.isSample).toBe(false);
    const answer = new WhereToGo(new AddressResolver(units), real).answer('toi o xa Song Pe cu, gio nop don o dau', TODAY)!;
    expect(answer).toContain('Chi nhánh Bắc Yên');
    expect(answer).toContain('Tiểu khu 1, xã Bắc Yên');
    expect(answer).toContain('0212 000 000');
    expect(answer).toContain('khoản 1 Điều 11 Luật Trợ giúp pháp lý 2017');
  });

  it('another province is referred to its own centre, without repeating the province', () => {
    const answer = where.answer('tôi ở Chợ Đồn, Thái Nguyên muốn nhờ luật sư thì đi đâu', TODAY)!;
    expect(answer).toContain('Trung tâm Trợ giúp pháp lý nhà nước tỉnh Thái Nguyên');
    expect(answer).not.toContain('Xã Chợ Đồn thuộc');
  });

  it('a name several communes share is asked back, naming them', () => {
    const answer = where.answer('tôi ở xã Tân Lập thì liên hệ ai', TODAY)!;
    expect(answer).toContain('Có nhiều nơi tên Tân Lập');
    expect(answer).toContain('kèm tên tỉnh');
  });

  it('a question naming no place, or not asking where, is left to the knowledge base', () => {
    expect(where.answer('trợ giúp pháp lý ở đâu', TODAY)).toBeUndefined();
    expect(where.answer('ly hôn nộp đơn ở đâu', TODAY)).toBeUndefined();
    expect(where.answer('tôi ở xã Song Pe, có được trợ giúp không', TODAY)).toBeUndefined();
  });
});
