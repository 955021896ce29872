import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseCsv } from '../../../lib/csv.ts';
import { loadConfig, PROJECT_ROOT } from '../../../lib/config.ts';
import { foldDiacritics } from '../../../lib/text.ts';
import { AddressResolver } from '../../../intake/routing/address-resolver.ts';
import { AdminUnits } from '../../../intake/routing/admin-units.ts';
import { BranchDirectory } from '../../../intake/routing/directory.ts';
import { PROVINCIAL_CENTRES_FILE, ProvincialCentres, provincialCentres } from '../../../intake/routing/provincial-centres.ts';
import { referralFor } from '../../../intake/routing/referral.ts';

const config = loadConfig({});
const hasUnits = existsSync(config.adminUnitsDir);
const SAMPLE = join(PROJECT_ROOT, 'intake', 'directory.sample.yaml');
const TODAY = '2026-11-23';

const dirs: string[] = [];
afterEach(() => {
  while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true });
});
function write(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'tgpl-routing-'));
  dirs.push(dir);
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

describe('provincial centres', () => {
  it('has one centre for each of the 34 provinces, named after it, with source and date', () => {
    const centres = provincialCentres().all();
    expect(centres).toHaveLength(34);
    for (const c of centres) {
      const place = c.provinceName.replace(/^Tỉnh /u, 'tỉnh ').replace(/^Thành phố /u, 'thành phố ');
      expect(c.name).toBe(`Trung tâm Trợ giúp pháp lý nhà nước ${place}`);
      expect(c.source).not.toBe('');
      expect(c.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/u);
    }
  });

  it.runIf(hasUnits)('matches the codes and names of provinces-2025.csv and the admin units', () => {
    const units = AdminUnits.load(config.adminUnitsDir);
    expect(() => ProvincialCentres.load(PROVINCIAL_CENTRES_FILE, units)).not.toThrow();
    const rows = parseCsv(readFileSync(join(config.adminUnitsDir, 'provinces-2025.csv'), 'utf8'));
    const codes = rows.map((r) => Object.values(r)[1]!);
    expect(provincialCentres().all().map((c) => c.provinceCode).sort()).toEqual([...codes].sort());
  });

  it('gives the national hotline when the centre has no known number', () => {
    const r = referralFor('24', TODAY)!;
    expect(r).toMatchObject({ provinceCode: '24', provinceName: 'Tỉnh Bắc Ninh', centre: 'Trung tâm Trợ giúp pháp lý nhà nước tỉnh Bắc Ninh', phone: null });
    expect(r.hotline.number).toBe('1800.1233');
    expect(r.message).toContain('Trung tâm Trợ giúp pháp lý nhà nước tỉnh Bắc Ninh');
    expect(r.message).toContain('1800.1233');
    expect(r.message.length).toBeLessThan(300);
    expect(referralFor('99', TODAY)).toBeUndefined();
  });

  it("gives the centre's own number and address when the file has them", () => {
    const file = write(
      'centres.yaml',
      'description: t\nsource: s\nas_of: 2026-01-01\ncentres:\n  - { province: "24", province_name: Tỉnh Bắc Ninh, name: Trung tâm X, phone: "0204 000 000", address: số 1 đường Y, source: s, as_of: 2026-01-01 }\n',
    );
    const r = referralFor('24', TODAY, ProvincialCentres.load(file))!;
    expect(r.message).toContain('0204 000 000');
    expect(r.message).toContain('số 1 đường Y');
    expect(r.message).toContain('1800.1233');
  });

  it.runIf(hasUnits)('reports a wrong centres file naming the file and the entry', () => {
    const units = AdminUnits.load(config.adminUnitsDir);
    const entry = (code: string, name: string) => `  - { province: "${code}", province_name: ${name}, name: T, phone: null, address: null, source: s, as_of: 2026-01-01 }\n`;
    const head = 'description: t\nsource: s\nas_of: 2026-01-01\ncentres:\n';
    const wrongName = write('a.yaml', head + entry('24', 'Tỉnh Sơn La'));
    expect(() => ProvincialCentres.load(wrongName, units)).toThrow(`${wrongName}: centres[0]: mã 24 là Tỉnh Bắc Ninh`);
    const twice = write('b.yaml', head + entry('24', 'Tỉnh Bắc Ninh') + entry('24', 'Tỉnh Bắc Ninh'));
    expect(() => ProvincialCentres.load(twice)).toThrow('centres[1]: tỉnh 24 đã có Trung tâm');
    const missing = write('c.yaml', head + entry('24', 'Tỉnh Bắc Ninh'));
    expect(() => ProvincialCentres.load(missing, units)).toThrow('thiếu Trung tâm của tỉnh');
    const noSource = write('d.yaml', head + '  - { province: "24", province_name: Tỉnh Bắc Ninh, name: T, phone: null, address: null, as_of: 2026-01-01 }\n');
    expect(() => ProvincialCentres.load(noSource)).toThrow('centres.0.source');
  });
});

describe.runIf(hasUnits)("inside or outside the directory's province", () => {
  const units = AdminUnits.load(config.adminUnitsDir);
  const resolver = new AddressResolver(units);
  const directory = BranchDirectory.load(SAMPLE, units);

  it.each([
    ['xã Song Pe, huyện Bắc Yên, Sơn La', 'inside'],
    ['thôn 3, xã Thái Bảo, huyện Gia Bình, Bắc Ninh', 'outside'],
    ['phường Hòa An, quận Cẩm Lệ, Đà Nẵng', 'outside'],
    ['xã Mường Bằng, huyện Mai Sơn, Sơn La', 'inside'],
    ['xã Tân Phong', 'unknown'],
    ['Bắc Ninh', 'outside'],
    ['Sơn La', 'inside'],
    ['không rõ', 'unknown'],
  ])('%s → %s (also without diacritics)', (address, area) => {
    expect(directory.areaOf(resolver.resolve(address))).toBe(area);
    expect(directory.areaOf(resolver.resolve(foldDiacritics(address)))).toBe(area);
  });

  it('tells by province and by commune code', () => {
    expect(directory.servesProvince('14')).toBe(true);
    expect(directory.servesProvince('24')).toBe(false);
    expect(directory.servesProvince(null)).toBe(false);
    expect(directory.servesCommune('03856')).toBe(true);
    expect(directory.servesCommune('09475')).toBe(false);
    expect(BranchDirectory.load(SAMPLE, undefined).servesCommune('03856')).toBeUndefined();
  });

  it('a referral for an address outside names the centre of its province', () => {
    const r = resolver.resolve('xa thai bao huyen gia binh bac ninh');
    expect(directory.areaOf(r)).toBe('outside');
    expect(referralFor(r.province!.code, TODAY)?.centre).toBe('Trung tâm Trợ giúp pháp lý nhà nước tỉnh Bắc Ninh');
  });
});
