import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fold, foldDiacritics } from '../../../lib/text.ts';
import { loadConfig } from '../../../lib/config.ts';
import { AddressResolver } from '../../../intake/routing/address-resolver.ts';
import { AdminUnits, exactKey } from '../../../intake/routing/admin-units.ts';

const config = loadConfig({});
const hasUnits = existsSync(config.adminUnitsDir);

/** Each address as typed, and the same without diacritics. */
const bothWays = (addresses: string[]) => addresses.flatMap((a) => [a, foldDiacritics(a)]);

describe('exactKey', () => {
  it('places tone marks alike, keeps the rest of the diacritics', () => {
    expect(exactKey('Hoà Bình')).toBe(exactKey('Hòa Bình'));
    expect(exactKey('Thuỷ')).toBe(exactKey('Thủy'));
    expect(exactKey('Tân Phong')).not.toBe(exactKey('Tấn Phong'));
    expect(exactKey('Trà Don')).not.toBe(exactKey('Trà Dơn'));
  });
});

describe.runIf(hasUnits)('AddressResolver', () => {
  const units = AdminUnits.load(config.adminUnitsDir);
  const resolver = new AddressResolver(units);

  describe('old addresses (commune, district, province) read the same with and without diacritics', () => {
    it.each(
      bothWays([
        'xã Thái Bảo, huyện Gia Bình, tỉnh Bắc Ninh',
        'xã Thái Bảo huyện Gia Bình Bắc Ninh',
        'X. Thái Bảo, H. Gia Bình, T. Bắc Ninh',
        'x.Thái Bảo h.Gia Bình Bắc Ninh',
        'Thái Bảo, Gia Bình, Bắc Ninh',
        'Thái Bảo Gia Bình Bắc Ninh',
        'thôn Bảo Tháp, xã Thái Bảo, huyện Gia Bình, Bắc Ninh, Việt Nam',
      ]),
    )('%s → Xã Nhân Thắng, Bắc Ninh', (address) => {
      const r = resolver.resolve(address);
      expect(r.commune).toEqual({ code: '09475', name: 'Xã Nhân Thắng' });
      expect(r.province?.code).toBe('24');
      expect(r.oldUnit).toMatchObject({ name: 'Xã Thái Bảo', district: 'Huyện Gia Bình', province: 'Tỉnh Bắc Ninh' });
      expect(r.district).toBe('Huyện Gia Bình');
      expect(r.reason).toContain('trước 01/07/2025');
    });

    it.each(
      bothWays([
        'phường Hòa An, quận Cẩm Lệ, thành phố Đà Nẵng',
        'phường Hòa An quận Cẩm Lệ Đà Nẵng',
        'P. Hoà An, Q. Cẩm Lệ, TP. Đà Nẵng',
        'P.Hòa An Q.Cẩm Lệ TP Đà Nẵng',
        'Hòa An, Cẩm Lệ, Đà Nẵng',
      ]),
    )('%s → Phường An Khê, Đà Nẵng', (address) => {
      const r = resolver.resolve(address);
      expect(r.commune).toEqual({ code: '20305', name: 'Phường An Khê' });
      expect(r.province?.code).toBe('48');
      expect(r.oldUnit?.name).toBe('Phường Hòa An');
    });

    it.each(bothWays(['thị trấn Bắc Yên, huyện Bắc Yên, tỉnh Sơn La', 'TT Bắc Yên, Bắc Yên, Sơn La', 'xã Song Pe cũ, huyện Bắc Yên, Sơn La']))(
      '%s → Xã Bắc Yên',
      (address) => {
        expect(resolver.resolve(address).commune?.code).toBe('03856');
      },
    );

    it('reads a district whose name ends in a kind word ("Nho Quan", "Văn Bán") without commas', () => {
      expect(resolver.resolve('quang lac nho quan ninh binh').oldUnit?.name).toBe('Xã Quảng Lạc');
      expect(resolver.resolve('van ban cam khe phu tho').oldUnit?.name).toBe('Xã Văn Bán');
    });

    it('a district named alone is not taken for a commune of that name', () => {
      for (const address of bothWays(['huyện Bắc Yên, Sơn La'])) {
        const r = resolver.resolve(address);
        expect(r.commune).toBeNull();
        expect(r.district).toBe('Huyện Bắc Yên');
        expect(r.province?.code).toBe('14');
      }
    });

    it('reads past a wrong or unknown district, saying so', () => {
      const r = resolver.resolve('xã Tà Xùa, huyện Phù Yên, Sơn La');
      expect(r.commune?.code).toBe('03868');
      expect(r.unmatched).toBe('huyện Phù Yên');
      expect(r.reason).toContain('huyện Phù Yên');
    });

    it('an address ending in a province name is read with that province', () => {
      for (const address of bothWays(['Bà Rịa - Vũng Tàu'])) {
        const r = resolver.resolve(address);
        expect(r.province?.code).toBe('79');
        expect(r.commune).toBeNull();
      }
    });
  });

  describe('diacritics carry meaning', () => {
    it('with diacritics, an exact match wins over a name that differs only in them', () => {
      const r = resolver.resolve('xã Trà Don, huyện Nam Trà My, Quảng Nam');
      expect(r.commune).toEqual({ code: '20944', name: 'Xã Nam Trà My' });
      expect(r.oldUnit?.name).toBe('Xã Trà Don');
    });

    it('without diacritics, names that fold alike are both offered', () => {
      const r = resolver.resolve('xa tra don, huyen nam tra my, quang nam');
      expect(r.commune).toBeNull();
      expect(r.ambiguity).toBe('same_name');
      expect(r.candidates.map((c) => c.code).sort()).toEqual(['20938', '20944']);
    });

    it('wrong diacritics still find the name, with a note', () => {
      const r = resolver.resolve('Xã Tấn Phong, Sơn La');
      expect(r.commune?.code).toBe('03970');
      expect(r.reason).toContain('Đã hiểu');
    });
  });

  describe('same name in several places vs one old commune split in several', () => {
    it.each(bothWays(['xã Mường Bằng, huyện Mai Sơn, tỉnh Sơn La', 'Mường Bằng Mai Sơn Sơn La']))('split: %s', (address) => {
      const r = resolver.resolve(address);
      expect(r.commune).toBeNull();
      expect(r.ambiguity).toBe('split');
      expect(r.candidates.map((c) => c.code).sort()).toEqual(['03943', '04123']);
      expect(r.question).toBe(
        'Xã Mường Bằng cũ nay thuộc một trong các xã/phường: Xã Mường Bang, Xã Chiềng Mung. Người cần giúp ở xã/phường nào?',
      );
      expect(r.oldUnit?.name).toBe('Xã Mường Bằng');
      expect(r.province?.code).toBe('14');
      expect(r.candidates.every((c) => c.from?.name === 'Xã Mường Bằng' && c.label === `${c.name}, Tỉnh Sơn La`)).toBe(true);
    });

    it('split, the old name typed exactly with only the province', () => {
      const r = resolver.resolve('xã Mường Bằng, Sơn La');
      expect(r.ambiguity).toBe('split');
      expect(r.candidates).toHaveLength(2);
    });

    it.each(bothWays(['xã Tân Phong']))('same name: %s', (address) => {
      const r = resolver.resolve(address);
      expect(r.commune).toBeNull();
      expect(r.ambiguity).toBe('same_name');
      expect(r.question).toBe('Có nhiều nơi tên Tân Phong. Người cần giúp ở nơi nào?');
      expect(r.candidates.map((c) => c.code)).toContain('03970');
      expect(new Set(r.candidates.map((c) => c.provinceCode)).size).toBeGreaterThan(1);
      // Places that were old communes say so in their label.
      expect(r.candidates.find((c) => c.from)?.label).toMatch(/\(nơi có Xã Tân Phong cũ, .+\)$/u);
    });

    it('puts the preferred province first in a choice list', () => {
      const r = resolver.resolve('xa tan phong', { preferProvince: '80' });
      expect(r.candidates[0]?.provinceCode).toBe('80');
    });

    it('an old and a new commune that went into the same place are one answer, not a choice', () => {
      for (const address of bothWays(['xã Tà Xùa'])) {
        expect(resolver.resolve(address).commune?.code).toBe('03868');
      }
    });

    it('a numbered ward keeps its kind in the question', () => {
      expect(resolver.resolve('phường 3, tp hcm').question).toBe('Có nhiều nơi tên Phường 3. Người cần giúp ở nơi nào?');
    });
  });

  describe('nothing typed is lost', () => {
    it.each([
      ['thôn 3, xã Tà Xùa, Sơn La', 'thôn 3'],
      ['Bản Co Muông, xã Co Mạ, huyện Thuận Châu, tỉnh Sơn La', 'Bản Co Muông'],
      ['số nhà 12 ngõ 5 đường Trần Phú, phường Tô Hiệu, TP Sơn La, Sơn La', 'số nhà 12 ngõ 5 đường Trần Phú'],
      ['thôn Tân Lập xã Tà Xùa Sơn La', 'thôn Tân Lập'],
      ['ấp 3 Tân Phong, Sơn La', 'ấp 3'],
    ])('keeps the hamlet of %s', (address, hamlet) => {
      for (const [text, expected] of [[address, hamlet], [foldDiacritics(address), foldDiacritics(hamlet)]] as const) {
        const r = resolver.resolve(text);
        expect(r.commune).not.toBeNull();
        expect(r.hamlet).toBe(expected);
        expect(r.raw).toBe(text);
      }
    });

    it.each(bothWays(['tổ 3, xã Không Có, Sơn La', 'tổ 3 xã Không Có Sơn La']))('province only: keeps hamlet and old commune of %s', (address) => {
      const r = resolver.resolve(address);
      expect(r.province?.code).toBe('14');
      expect(r.commune).toBeNull();
      const typedPlain = !address.startsWith('tổ');
      expect(r.hamlet).toBe(typedPlain ? 'to 3' : 'tổ 3');
      expect(r.unmatched).toBe(typedPlain ? 'xa khong co' : 'xã Không Có');
      expect(r.raw).toBe(address);
      expect(r.reason).toBe('Xác định được tỉnh, chưa xác định được xã/phường.');
    });

    it.each(bothWays(['bản Nà Hừ, Sơn La']))('province only, a hamlet and no commune: %s', (address) => {
      const r = resolver.resolve(address);
      expect(r.province?.code).toBe('14');
      expect(fold(r.hamlet ?? '')).toBe('ban na hu');
      expect(r.unmatched).toBeNull();
    });

    it('keeps an old commune with a typo and the district typed', () => {
      const r = resolver.resolve('thôn 3, xã Tà Xùaa, huyện Bắc Yênn, Sơn La');
      expect(r.commune?.code).toBe('03868');
      expect(r.hamlet).toBe('thôn 3');
      expect(r.unmatched).toBe('huyện Bắc Yênn');
    });

    it('gives the raw text even when nothing is recognised', () => {
      const r = resolver.resolve('  không biết  ');
      expect(r).toMatchObject({ province: null, commune: null, raw: '  không biết  ', unmatched: 'không biết' });
      expect(resolver.resolve('').reason).toBe('Chưa có địa chỉ.');
    });
  });
});
