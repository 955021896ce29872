/**
 * Vietnam's administrative units (../shared/data/admin-units): the 34 provinces and 3,321 communes
 * after 1 July 2025, the 63-province list before it (with its 696 districts), and the old→new commune
 * mapping.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { parseCsv } from '../../lib/csv.ts';
import { fold } from '../../lib/text.ts';

export interface Province {
  code: string;
  name: string;
}

export interface Commune {
  code: string;
  name: string;
  provinceCode: string;
}

export interface OldCommune {
  code: string;
  name: string;
  oldProvince: string;
  district: string;
  /** The old district's code (units-before-2025-07.json `level2_id`). */
  districtCode: string;
  /** The new commune(s) it went into (more than one when it was split). */
  newCodes: string[];
}

/** A province of the 63 before 1 July 2025, and the 2025 province it went into. */
export interface OldProvince {
  code: string;
  name: string;
  newCode: string;
}

/** A district (huyện, quận, thị xã, thành phố thuộc tỉnh) before 1 July 2025, when districts ended. */
export interface OldDistrict {
  code: string;
  name: string;
  oldProvince: string;
}

const UNIT_PREFIX =
  /^(?:thanh pho|tinh|tp|t|xa|phuong|thi tran|dac khu|quan|huyen|thi xa|tt|tx|p|x|q|h)\s+/u;

/** A unit name folded for comparison, without "xã/phường/thị trấn/huyện/tỉnh/TP." in front. */
export function unitKey(name: string): string {
  let key = fold(name);
  for (let i = 0; i < 2; i++) key = key.replace(UNIT_PREFIX, '');
  return key;
}

const TONE_MARKS = /[\u0300\u0301\u0303\u0309\u0323]/gu;

/**
 * A name with its diacritics, for comparing exactly: NFC, lower case, punctuation as spaces, and each
 * syllable's tone mark moved to its end, so the old and new ways of placing it compare equal
 * ("Hoà" = "Hòa", "Thuỷ" = "Thủy") while "Tân" ≠ "Tấn".
 */
export function exactKey(name: string): string {
  return name
    .normalize('NFC')
    .toLowerCase()
    .split(/[^\p{L}\p{M}\p{N}]+/u)
    .filter((s) => s !== '')
    .map((syllable) => {
      const parts = syllable.normalize('NFD');
      return `${parts.replace(TONE_MARKS, '').normalize('NFC')}${(parts.match(TONE_MARKS) ?? []).join('')}`;
    })
    .join(' ');
}

const oldToNewSchema = z.object({
  data: z.array(
    z.object({
      level1_id: z.string(),
      name: z.string(),
      splits: z.array(z.object({ new_id: z.string(), name: z.string() })),
      level3s: z.array(
        z.object({ level3_id: z.string(), name: z.string(), splits: z.array(z.object({ new_id: z.string(), name: z.string() })) }),
      ),
    }),
  ),
});

const beforeSchema = z.array(
  z.object({
    level1_id: z.string(),
    name: z.string(),
    level2s: z.array(z.object({ level2_id: z.string(), name: z.string(), level3s: z.array(z.object({ level3_id: z.string(), name: z.string() })) })),
  }),
);

export class AdminUnits {
  readonly provinces = new Map<string, Province>();
  readonly communes = new Map<string, Commune>();
  readonly oldCommunes: OldCommune[] = [];
  /** The 63 provinces before 1 July 2025, by their code. */
  readonly oldProvinces = new Map<string, OldProvince>();
  /** The 696 districts before 1 July 2025. */
  readonly oldDistricts: OldDistrict[] = [];
  /** Old province code → new province code. */
  readonly oldProvinceToNew = new Map<string, string>();
  /** Folded province names (new and old) → new province code. */
  readonly provinceByKey = new Map<string, string>();
  /** The old districts' names as `unitKey` gives them. */
  readonly districtKeys = new Set<string>();

  static load(dir: string): AdminUnits {
    const units = new AdminUnits();
    try {
      units.read(dir);
    } catch (err) {
      throw new Error(`ADMIN_UNITS_DIR ${dir}: ${(err as Error).message.split('\n')[0]}`);
    }
    return units;
  }

  private read(dir: string): void {
    for (const row of parseCsv(readFileSync(join(dir, 'communes-2025.csv'), 'utf8'))) {
      const provinceCode = row.province_code!;
      if (!this.provinces.has(provinceCode)) {
        this.provinces.set(provinceCode, { code: provinceCode, name: row.province_name!.normalize('NFC') });
        this.provinceByKey.set(unitKey(row.province_name!), provinceCode);
      }
      this.communes.set(row.commune_code!, { code: row.commune_code!, name: row.commune_name!.normalize('NFC'), provinceCode });
    }
    const mapping = oldToNewSchema.parse(JSON.parse(readFileSync(join(dir, 'old-to-new-2025.json'), 'utf8')));
    const newByOld = new Map<string, string[]>();
    for (const p of mapping.data) {
      const target = p.splits[0]?.new_id;
      if (target) {
        this.oldProvinceToNew.set(p.level1_id, target);
        this.oldProvinces.set(p.level1_id, { code: p.level1_id, name: p.name.normalize('NFC'), newCode: target });
        if (!this.provinceByKey.has(unitKey(p.name))) this.provinceByKey.set(unitKey(p.name), target);
      }
      for (const c of p.level3s) newByOld.set(c.level3_id, c.splits.map((s) => s.new_id));
    }
    const before = beforeSchema.parse(JSON.parse(readFileSync(join(dir, 'units-before-2025-07.json'), 'utf8')));
    for (const p of before) {
      for (const d of p.level2s) {
        this.districtKeys.add(unitKey(d.name));
        this.oldDistricts.push({ code: d.level2_id, name: d.name.normalize('NFC'), oldProvince: p.level1_id });
        for (const c of d.level3s) {
          this.oldCommunes.push({
            code: c.level3_id,
            name: c.name.normalize('NFC'),
            oldProvince: p.level1_id,
            district: d.name.normalize('NFC'),
            districtCode: d.level2_id,
            newCodes: newByOld.get(c.level3_id) ?? [],
          });
        }
      }
    }
  }

  province(code: string): Province | undefined {
    return this.provinces.get(code);
  }

  commune(code: string): Commune | undefined {
    return this.communes.get(code);
  }
}
