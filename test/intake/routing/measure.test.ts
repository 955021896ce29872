import { existsSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { routeCommand } from '../../../bot/commands/route.ts';
import { loadConfig } from '../../../lib/config.ts';
import { AddressResolver } from '../../../intake/routing/address-resolver.ts';
import { AdminUnits } from '../../../intake/routing/admin-units.ts';
import { measureOldAddresses, sampleOldCommunes, seededRandom, writeOldAddress } from '../../../intake/routing/measure.ts';

const config = loadConfig({});
const hasUnits = existsSync(config.adminUnitsDir);

/** Runs `tgpl route` in-process and returns what it printed. */
async function route(args: string[], input = ''): Promise<{ code: number; stdout: string }> {
  const stdin = new PassThrough();
  stdin.end(input);
  const stdout = new PassThrough();
  let out = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  const code = await routeCommand.run(args, { stdin, stdout, stderr: new PassThrough(), env: {} });
  return { code, stdout: out };
}

describe('seeded sampling', () => {
  it('gives the same numbers for the same seed', () => {
    const a = seededRandom(1);
    const b = seededRandom(1);
    const xs = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(seededRandom(2)()).not.toBe(xs[0]);
  });
});

describe.runIf(hasUnits)('measuring old addresses', () => {
  const units = AdminUnits.load(config.adminUnitsDir);
  const resolver = new AddressResolver(units);

  it('draws distinct old communes, the same ones for the same seed', () => {
    const a = sampleOldCommunes(units, 50, 1).map((c) => c.code);
    expect(new Set(a).size).toBe(50);
    expect(sampleOldCommunes(units, 50, 1).map((c) => c.code)).toEqual(a);
    expect(sampleOldCommunes(units, 50, 2).map((c) => c.code)).not.toEqual(a);
  });

  it('writes an old address each way', () => {
    const c = units.oldCommunes.find((x) => x.name === 'Xã Thái Bảo' && x.district === 'Huyện Gia Bình')!;
    expect(writeOldAddress(units, c, 'diacritics')).toBe('xã Thái Bảo, huyện Gia Bình, tỉnh Bắc Ninh');
    expect(writeOldAddress(units, c, 'plain')).toBe('xa thai bao, huyen gia binh, tinh bac ninh');
    expect(writeOldAddress(units, c, 'plain_no_commas')).toBe('xa thai bao huyen gia binh tinh bac ninh');
    expect(writeOldAddress(units, c, 'short_plain')).toBe('x. thai bao, h. gia binh, bac ninh');
    expect(writeOldAddress(units, c, 'bare_plain')).toBe('thai bao gia binh bac ninh');
  });

  it('reads old addresses as well without diacritics as with them', () => {
    const m = measureOldAddresses(resolver, units, 100, 3);
    expect(m.n).toBe(100);
    const [withMarks, plain] = m.scores;
    expect(withMarks!.variant).toBe('diacritics');
    expect(withMarks!.correct).toBeGreaterThanOrEqual(99);
    expect(plain!.correct + plain!.choiceWithRight).toBeGreaterThanOrEqual(99);
    for (const s of m.scores) {
      expect(s.correct + s.choiceWithRight + s.wrong + s.notFound).toBe(100);
      expect(s.wrong + s.notFound).toBeLessThanOrEqual(2);
    }
  });

  it('tgpl route --sample prints the shares, the same for the same seed', async () => {
    const first = await route(['--sample', '40', '--seed', '5']);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('Mẫu: 40 xã/phường cũ (seed 5)');
    expect(first.stdout).toMatch(/\| có dấu \| \d+\/40 \(\d+\.\d%\) \|/u);
    expect(first.stdout).toMatch(/\| không dấu \| \d+\/40 /u);
    expect((await route(['--sample', '40', '--seed', '5'])).stdout).toBe(first.stdout);
    const json = JSON.parse((await route(['--sample', '10', '--json'])).stdout);
    expect(json).toMatchObject({ n: 10, seed: 1 });
    expect(json.scores.map((s: { variant: string }) => s.variant)).toContain('plain');
  });

  it('tgpl route checks --sample and --seed', async () => {
    await expect(route(['--sample', 'abc'])).rejects.toThrow('--sample cần một số nguyên');
    await expect(route(['--seed', '3', '{"address": "Sơn La"}'])).rejects.toThrow('--seed chỉ dùng cùng --sample');
    expect(routeCommand.help).toContain('--sample N');
    expect(routeCommand.help).toContain('--seed S');
  });

  it('tgpl route keeps its usage and output, and adds details on request', async () => {
    const address = '{"address": "thôn 3, xa thai bao huyen gia binh bac ninh"}';
    const plain = JSON.parse((await route(['--json', address])).stdout);
    expect(Object.keys(plain)).toEqual(['province', 'commune', 'candidates', 'branch', 'reason']);
    expect(plain.commune).toEqual({ code: '09475', name: 'Xã Nhân Thắng' });
    const detail = JSON.parse((await route(['--json', '--detail', address])).stdout);
    expect(detail).toMatchObject({ hamlet: 'thôn 3', area: 'outside', oldUnit: { name: 'Xã Thái Bảo' }, raw: 'thôn 3, xa thai bao huyen gia binh bac ninh' });
    expect(detail.referral.message).toContain('1800.1233');
    const text = (await route([address])).stdout;
    expect(text).toContain('Thôn/xóm, số nhà: thôn 3');
    expect(text).toContain('Giới thiệu: Địa chỉ này thuộc Tỉnh Bắc Ninh.');
    const lines = await route(['--json', '--detail'], '{"address": "xa muong bang, huyen mai son, son la"}\n');
    expect(JSON.parse(lines.stdout)).toMatchObject({ ambiguity: 'split', area: 'inside', branch: { id: 'centre' } });
  });
});
