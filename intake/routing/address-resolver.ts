/**
 * Reads a free-text address into the 2025 structure: province and commune with their statistics-office
 * codes. Tolerates missing diacritics, "xã/phường/thị trấn/TT/TP./Q./H." prefixes, and pre-2025
 * addresses with their district ("xã Song Pe, huyện Bắc Yên, Sơn La" → Xã Bắc Yên, Tỉnh Sơn La).
 * An old unit split into several, or a name found in several places, gives candidates to ask about.
 */
import { editDistance, fold } from '../../lib/text.ts';
import { unitKey, type AdminUnits, type Commune, type OldCommune, type Province } from './admin-units.ts';

export interface Candidate {
  code: string;
  name: string;
  province: string;
}

export interface Resolution {
  province: Province | null;
  commune: { code: string; name: string } | null;
  candidates: Candidate[];
  reason: string;
}

const DISTRICT_PREFIX = /^(?:huyen|quan|thi xa|tx|h|q)\s+/u;
const CITY_PREFIX = /^(?:thanh pho|tp)\s+/u;
const WARD_PREFIX = /^(?:phuong|p)\s+/u;
const TOWN_PREFIX = /^(?:thi tran|tt)\s+/u;

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export class AddressResolver {
  private readonly newByKey = new Map<string, Commune[]>();
  private readonly oldByKey = new Map<string, OldCommune[]>();

  constructor(readonly units: AdminUnits) {
    for (const c of units.communes.values()) push(this.newByKey, unitKey(c.name), c);
    for (const c of units.oldCommunes) push(this.oldByKey, unitKey(c.name), c);
  }

  resolve(text: string): Resolution {
    // "TP.", "Q.", "H." written with a dot and no space are common: make them words.
    const parts = text
      .normalize('NFC')
      .replace(/\b(TP|Tp|tp|Q|q|H|h|P|p|X|x|TT|tt|TX|tx)\.\s*/gu, '$1 ')
      .split(/[,;\n]|\s-\s/u)
      .map((p) => fold(p))
      .filter((p) => p !== '');
    if (parts.length === 0) return this.fail(null, 'Chưa có địa chỉ.');

    let provinceCode: string | undefined;
    const rest: string[] = [];
    for (let i = parts.length - 1; i >= 0; i--) {
      const key = unitKey(parts[i]!);
      if (provinceCode === undefined && this.units.provinceByKey.has(key) && !DISTRICT_PREFIX.test(parts[i]!)) {
        provinceCode = this.units.provinceByKey.get(key);
      } else rest.unshift(parts[i]!);
    }
    if (provinceCode === undefined && rest.length === 1) {
      // No commas: "xa bac yen son la" — take a province name at the end.
      const words = rest[0]!;
      for (const [key, code] of this.units.provinceByKey) {
        if (key.length >= 4 && words.endsWith(` ${key}`)) {
          provinceCode = code;
          rest[0] = words.slice(0, -key.length - 1);
          break;
        }
      }
    }
    const province = provinceCode ? this.units.province(provinceCode) ?? null : null;

    const districts = rest.filter((p) => DISTRICT_PREFIX.test(p) || (CITY_PREFIX.test(p) && rest.length > 1 && p !== rest[0]));
    const districtKeys = districts.map(unitKey);
    const communeParts = rest.filter((p) => !districts.includes(p));
    if (communeParts.length === 0 && districts.length > 0) communeParts.push(...districts.slice(0, 1));

    for (const part of communeParts) {
      const found = this.communesFor(part, provinceCode, districtKeys);
      if (found.codes.length === 0) continue;
      const communes = found.codes.map((c) => this.units.commune(c)!).filter(Boolean);
      const provinces = new Set(communes.map((c) => c.provinceCode));
      const resolvedProvince = province ?? (provinces.size === 1 ? this.units.province([...provinces][0]!) ?? null : null);
      if (communes.length === 1) {
        const c = communes[0]!;
        return { province: this.units.province(c.provinceCode) ?? resolvedProvince, commune: { code: c.code, name: c.name }, candidates: [], reason: found.reason };
      }
      return {
        province: resolvedProvince,
        commune: null,
        candidates: communes.map((c) => ({ code: c.code, name: c.name, province: this.units.province(c.provinceCode)?.name ?? '' })),
        reason: found.old ? 'Xã/phường cũ này nay thuộc nhiều xã/phường mới: cần hỏi lại người dân.' : 'Có nhiều xã/phường cùng tên: cần hỏi lại người dân.',
      };
    }
    if (province) return this.fail(province, 'Xác định được tỉnh, chưa xác định được xã/phường.');
    return this.fail(null, 'Không xác định được tỉnh, xã/phường từ địa chỉ này.');
  }

  /** The new commune codes a part of an address names, and why. */
  private communesFor(part: string, provinceCode: string | undefined, districtKeys: string[]): { codes: string[]; reason: string; old: boolean } {
    const key = unitKey(part);
    if (key === '') return { codes: [], reason: '', old: false };
    const wantsWard = WARD_PREFIX.test(part);
    const wantsTown = TOWN_PREFIX.test(part);
    const inProvince = (code: string) => !provinceCode || code === provinceCode;
    const oldInProvince = (c: OldCommune) => !provinceCode || this.units.oldProvinceToNew.get(c.oldProvince) === provinceCode;

    const byKey = (k: string) => ({
      fresh: (this.newByKey.get(k) ?? []).filter((c) => inProvince(c.provinceCode)),
      old: (this.oldByKey.get(k) ?? []).filter(oldInProvince),
    });
    let { fresh, old } = byKey(key);
    if (fresh.length === 0 && old.length === 0 && key.length >= 6 && provinceCode) {
      // A small typo: look for the one close name in the province.
      const near = [...new Set([...this.newByKey.keys(), ...this.oldByKey.keys()])].filter((k) => editDistance(k, key, 1) <= 1);
      if (near.length > 0) ({ fresh, old } = near.map(byKey).reduce((a, b) => ({ fresh: [...a.fresh, ...b.fresh], old: [...a.old, ...b.old] })));
    }
    if (wantsWard) fresh = preferWhere(fresh, (c) => c.name.startsWith('Phường'));
    if (wantsTown) old = preferWhere(old, (c) => c.name.startsWith('Thị trấn'));

    const inDistrict = districtKeys.length > 0 ? old.filter((c) => districtKeys.includes(unitKey(c.district))) : [];
    if (inDistrict.length > 0 || (districtKeys.length > 0 && old.length > 0 && fresh.length === 0)) {
      const chosen = inDistrict.length > 0 ? inDistrict : old;
      const codes = unique(chosen.flatMap((c) => c.newCodes));
      const from = chosen.map((c) => `${c.name}, ${c.district}`).join('; ');
      return { codes, reason: `Địa chỉ trước 01/07/2025 (${from}) được chuyển sang đơn vị mới.`, old: true };
    }
    if (fresh.length > 0 && !wantsTown) {
      return { codes: unique(fresh.map((c) => c.code)), reason: 'Tên xã/phường theo đơn vị hành chính từ 01/07/2025.', old: false };
    }
    if (old.length > 0) {
      const codes = unique(old.flatMap((c) => c.newCodes));
      const from = old.map((c) => `${c.name}, ${c.district}`).join('; ');
      return { codes, reason: `Địa chỉ trước 01/07/2025 (${from}) được chuyển sang đơn vị mới.`, old: true };
    }
    return { codes: unique(fresh.map((c) => c.code)), reason: 'Tên xã/phường theo đơn vị hành chính từ 01/07/2025.', old: false };
  }

  private fail(province: Province | null, reason: string): Resolution {
    return { province, commune: null, candidates: [], reason };
  }
}

function preferWhere<T>(items: T[], test: (item: T) => boolean): T[] {
  const preferred = items.filter(test);
  return preferred.length > 0 ? preferred : items;
}

function unique(items: string[]): string[] {
  return [...new Set(items)];
}
