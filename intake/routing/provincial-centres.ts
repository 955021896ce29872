/**
 * The 34 provincial state legal aid centres (provincial-centres.yaml): name, and phone and address where
 * a source for them was at hand, each with its source and date. referral.ts builds the message.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import type { AdminUnits } from './admin-units.ts';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/u, 'YYYY-MM-DD');

const centresSchema = z.strictObject({
  description: z.string(),
  source: z.string().min(1),
  as_of: isoDate,
  centres: z
    .array(
      z.strictObject({
        province: z.string().regex(/^\d{2}$/u, 'a 2-digit 2025 province code'),
        province_name: z.string().min(1),
        name: z.string().min(1),
        phone: z.string().min(1).nullable(),
        address: z.string().min(1).nullable(),
        source: z.string().min(1),
        as_of: isoDate,
      }),
    )
    .min(1),
});

/** One provincial centre; phone and address are null where no source for them was at hand. */
export interface ProvincialCentre {
  provinceCode: string;
  provinceName: string;
  name: string;
  phone: string | null;
  address: string | null;
  source: string;
  asOf: string;
}

export const PROVINCIAL_CENTRES_FILE = new URL('./provincial-centres.yaml', import.meta.url);

export class ProvincialCentres {
  private readonly byProvince = new Map<string, ProvincialCentre>();

  private constructor(
    readonly file: string,
    centres: ProvincialCentre[],
  ) {
    for (const c of centres) this.byProvince.set(c.provinceCode, c);
  }

  /**
   * Reads and checks the file: one centre per province, no province twice; with the administrative
   * units, exactly their 34 provinces under their names. Throws one line naming the file and entry.
   */
  static load(file: string | URL = PROVINCIAL_CENTRES_FILE, units?: AdminUnits): ProvincialCentres {
    const path = file instanceof URL ? file.pathname : file;
    let raw: unknown;
    try {
      raw = parse(readFileSync(file, 'utf8'));
    } catch (err) {
      throw new Error(`${path}: không đọc được (${(err as Error).message.split('\n')[0]})`);
    }
    const parsed = centresSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new Error(`${path}: ${issue.path.join('.')}: ${issue.message}`);
    }
    const centres: ProvincialCentre[] = [];
    for (const [i, c] of parsed.data.centres.entries()) {
      if (centres.some((x) => x.provinceCode === c.province)) throw new Error(`${path}: centres[${i}]: tỉnh ${c.province} đã có Trung tâm ở trên`);
      const province = units?.province(c.province);
      if (units && !province) throw new Error(`${path}: centres[${i}]: "${c.province}" không phải mã tỉnh 2025`);
      if (province && province.name !== c.province_name.normalize('NFC')) {
        throw new Error(`${path}: centres[${i}]: mã ${c.province} là ${province.name}, không phải ${c.province_name}`);
      }
      centres.push({
        provinceCode: c.province,
        provinceName: c.province_name.normalize('NFC'),
        name: c.name.normalize('NFC'),
        phone: c.phone,
        address: c.address?.normalize('NFC') ?? null,
        source: c.source,
        asOf: c.as_of,
      });
    }
    if (units) {
      const missing = [...units.provinces.keys()].filter((code) => !centres.some((c) => c.provinceCode === code));
      if (missing.length > 0) throw new Error(`${path}: thiếu Trung tâm của tỉnh ${missing.join(', ')}`);
    }
    return new ProvincialCentres(path, centres);
  }

  /** The centre of a 2025 province, or undefined for an unknown code. */
  centreFor(provinceCode: string): ProvincialCentre | undefined {
    return this.byProvince.get(provinceCode);
  }

  all(): ProvincialCentre[] {
    return [...this.byProvince.values()];
  }
}

let cached: ProvincialCentres | undefined;

/** The centres of provincial-centres.yaml (read once). */
export function provincialCentres(): ProvincialCentres {
  cached ??= ProvincialCentres.load();
  return cached;
}

