/**
 * A centre's own list of extremely disadvantaged communes and villages (for khoản 4 Điều 7), loaded
 * from CSV. No official machine-readable list exists, so each centre keeps its own, with sources.
 *
 *     commune_code,commune_name,province,village,source
 *     04264,Xã Bắc Yên,Sơn La,,QĐ 60/QĐ-BDTTG (2026–2030)
 *     ,Xã Tà Xùa,Sơn La,Bản Tà Xùa,QĐ 60/QĐ-BDTTG
 *
 * A row with a village lists only that village; without one, the whole commune.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { parseCsv } from '../../lib/csv.ts';
import { loadParameter, type Parameter } from '../../lib/parameters.ts';
import { unitKey } from '../routing/admin-units.ts';

export interface AreaEntry {
  communeCode: string;
  communeName: string;
  province: string;
  village: string;
  source: string;
}

/** What the list says of a commune: wholly listed, listed for some villages only, or not listed. */
export type AreaAnswer =
  | { listed: 'commune'; entry: AreaEntry }
  | { listed: 'villages'; villages: string[]; source: string }
  | { listed: 'no' };

export class DisadvantagedAreas {
  private readonly byCode = new Map<string, AreaEntry[]>();
  private readonly byName = new Map<string, AreaEntry[]>();

  constructor(readonly file: string, readonly entries: AreaEntry[]) {
    for (const e of entries) {
      if (e.communeCode) this.byCode.set(e.communeCode, [...(this.byCode.get(e.communeCode) ?? []), e]);
      const key = unitKey(e.communeName);
      if (key) this.byName.set(key, [...(this.byName.get(key) ?? []), e]);
    }
  }

  /** Reads the CSV; throws naming the file and row when a row has neither code nor name, or no source. */
  static load(file: string): DisadvantagedAreas {
    const rows = parseCsv(readFileSync(file, 'utf8'));
    const entries = rows.map((r, i) => {
      const entry: AreaEntry = {
        communeCode: r.commune_code ?? '',
        communeName: r.commune_name ?? '',
        province: r.province ?? '',
        village: r.village ?? '',
        source: r.source ?? '',
      };
      if (!entry.communeCode && !entry.communeName) throw new Error(`${file}: row ${i + 2}: needs commune_code or commune_name`);
      if (!entry.source) throw new Error(`${file}: row ${i + 2}: needs a source (the decision listing it)`);
      return entry;
    });
    return new DisadvantagedAreas(file, entries);
  }

  /** Looks up a commune by its code or name ("Xã Bắc Yên", "bac yen", "04264"). */
  lookup(commune: string): AreaAnswer {
    const found = this.byCode.get(commune.trim()) ?? this.byName.get(unitKey(commune)) ?? [];
    const whole = found.find((e) => e.village === '');
    if (whole) return { listed: 'commune', entry: whole };
    if (found.length > 0) return { listed: 'villages', villages: found.map((e) => e.village), source: found[0]!.source };
    return { listed: 'no' };
  }

  /** The `disadvantagedArea` fact for a commune: true, false, or undefined when only some villages are listed. */
  factFor(commune: string): boolean | undefined {
    const answer = this.lookup(commune);
    return answer.listed === 'commune' ? true : answer.listed === 'no' ? false : undefined;
  }
}

let areaLists: Parameter<{ lists: string }> | undefined;

/**
 * The state's lists of extremely disadvantaged communes and villages in force on `date`, named for
 * people ("giai đoạn 2026–2030: Quyết định 60/QĐ-BDTTG"); a general wording before the first one known.
 */
export function areaListsAt(date: string): string {
  areaLists ??= loadParameter(fileURLToPath(new URL('./area-lists.yaml', import.meta.url)), z.strictObject({ lists: z.string() }));
  return areaLists.at(date)?.lists ?? 'danh sách do Thủ tướng Chính phủ, Ủy ban Dân tộc phê duyệt';
}
