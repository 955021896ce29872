import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig, PROJECT_ROOT } from '../../../lib/config.ts';
import { AddressResolver } from '../../../intake/routing/address-resolver.ts';
import { AdminUnits } from '../../../intake/routing/admin-units.ts';
import { BranchDirectory } from '../../../intake/routing/directory.ts';
import { existsSync } from 'node:fs';

const config = loadConfig({});
const hasUnits = existsSync(config.adminUnitsDir);
const SAMPLE = join(PROJECT_ROOT, 'intake', 'directory.sample.yaml');

// A temporary folder without test/helpers.ts, so these tests do not load the whole app.
const dirs: string[] = [];
afterEach(() => {
  while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tgpl-routing-'));
  dirs.push(dir);
  return dir;
}

describe.runIf(hasUnits)('addresses and routing over the sample directory', () => {
  const units = AdminUnits.load(config.adminUnitsDir);
  const resolver = new AddressResolver(units);
  const directory = BranchDirectory.load(SAMPLE, units);

  it.each([
    ['xã Song Pe, huyện Bắc Yên, Sơn La', '03856', 'Xã Bắc Yên', 'cn-bac-yen'],
    ['Xa Song Pe, H. Bac Yen, tinh Son La', '03856', 'Xã Bắc Yên', 'cn-bac-yen'],
    ['TT Bắc Yên, Bắc Yên, Sơn La', '03856', 'Xã Bắc Yên', 'cn-bac-yen'],
    ['xa ta xua son la', '03868', 'Xã Tà Xùa', 'cn-bac-yen'],
    ['Xã Gia Phù, Sơn La', '03922', 'Xã Gia Phù', 'cn-phu-yen'],
    ['Phường Tô Hiệu, Sơn La', '03646', 'Phường Tô Hiệu', 'centre'],
  ])('%s → %s (%s) → %s', (address, code, name, branch) => {
    const r = resolver.resolve(address);
    expect(r.province?.code).toBe('14');
    expect(r.commune).toEqual({ code, name });
    expect(directory.route(r.commune!.code).id).toBe(branch);
  });

  it('says when an old address was mapped through the old→new table', () => {
    expect(resolver.resolve('xã Song Pe, huyện Bắc Yên, Sơn La').reason).toContain('trước 01/07/2025');
  });

  it('offers candidates for a name found in several places', () => {
    const r = resolver.resolve('xã Tân Phong');
    expect(r.commune).toBeNull();
    expect(r.candidates.length).toBeGreaterThan(1);
    expect(r.candidates.map((c) => c.code)).toContain('03970');
  });

  it('routes by field when a branch lists the fields it takes', () => {
    const songMa = units.communes.get('04168')!;
    expect(directory.route(songMa.code, 'dat_dai').id).toBe('cn-song-ma');
    expect(directory.route(songMa.code, 'unknown-field').id).toBe('centre');
    expect(directory.route(null).id).toBe('centre');
  });

  it('knows who is staff', () => {
    expect(directory.staffMember('console', 'staff-bac-yen')).toMatchObject({ role: 'branch', branch: 'cn-bac-yen' });
    expect(directory.staffMember('console', 'citizen')).toBeUndefined();
  });

  const write = (yaml: string) => {
    const file = join(tempDir(), 'directory.yaml');
    writeFileSync(file, yaml);
    return file;
  };

  it.each([
    ['branches: []\nstaff: []\n', 'thiếu mục "centre"'],
    ['centre: { name: T, province: "14" }\nbranches:\n  - { id: a, name: A, communes: [Xã Không Có] }\n', 'branches[0] (a): xã/phường "Xã Không Có" không có trong Tỉnh Sơn La'],
    ['centre: { name: T, province: "14" }\nbranches:\n  - { id: a, name: A, communes: ["03856"] }\n  - { id: b, name: B, communes: [Xã Bắc Yên] }\n', 'branches[1] (b): Xã Bắc Yên đã thuộc chi nhánh a'],
    ['centre: { name: T, province: "99" }\n', 'centre.province "99" không phải mã tỉnh 2025'],
    ['centre: { name: T, province: "14" }\nstaff:\n  - { channel: telegram, userId: 1, role: branch, branch: nope }\n', 'staff[0] (1)'],
  ])('reports a wrong directory naming the file and the entry (%#)', (yaml, message) => {
    const file = write(yaml);
    expect(() => BranchDirectory.load(file, units)).toThrow(message);
    expect(() => BranchDirectory.load(file, units)).toThrow(file);
  });
});
