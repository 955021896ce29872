/**
 * Vietnam's administrative units (../shared/data/admin-units): the 34 provinces and 3,321 communes
 * after 1 July 2025, the 63-province list before it, and the old→new commune mapping.
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
  /** The new commune(s) it went into (more than one when it was split). */
  newCodes: string[];
}

const UNIT_PREFIX =
  /^(?:thanh pho|tinh|tp|t|xa|phuong|thi tran|dac khu|quan|huyen|thi xa|tt|tx|p|x|q|h)\s+/u;

/** A unit name folded for comparison, without "xã/phường/thị trấn/huyện/tỉnh/TP." in front. */
export function unitKey(name: string): string {
  let key = fold(name);
  for (let i = 0; i < 2; i++) key = key.replace(UNIT_PREFIX, '');
  return key;
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
  /** Old province code → new province code. */
  readonly oldProvinceToNew = new Map<string, string>();
  /** Folded province names (new and old) → new province code. */
  readonly provinceByKey = new Map<string, string>();
  /** Old district folded name → old province codes having it. */
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
        if (!this.provinceByKey.has(unitKey(p.name))) this.provinceByKey.set(unitKey(p.name), target);
      }
      for (const c of p.level3s) newByOld.set(c.level3_id, c.splits.map((s) => s.new_id));
    }
    const before = beforeSchema.parse(JSON.parse(readFileSync(join(dir, 'units-before-2025-07.json'), 'utf8')));
    for (const p of before) {
      for (const d of p.level2s) {
        this.districtKeys.add(unitKey(d.name));
        for (const c of d.level3s) {
          this.oldCommunes.push({
            code: c.level3_id,
            name: c.name.normalize('NFC'),
            oldProvince: p.level1_id,
            district: d.name.normalize('NFC'),
            newCodes: newByOld.get(c.level3_id) ?? [],
          });
        }
      }
    }
    // Everyday names of the big cities.
    for (const [alias, code] of [['hcm', '79'], ['tphcm', '79'], ['sai gon', '79'], ['ho chi minh', '79'], ['hn', '01']] as const) {
      if (this.provinces.has(code) && !this.provinceByKey.has(alias)) this.provinceByKey.set(alias, code);
    }
  }

  province(code: string): Province | undefined {
    return this.provinces.get(code);
  }

  commune(code: string): Commune | undefined {
    return this.communes.get(code);
  }
}
