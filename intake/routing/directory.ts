/**
 * The branch directory (YAML, DIRECTORY_FILE): the provincial centre, its branches with the
 * communes they cover, and the staff who may use staff actions. Routing: commune → branch, else the
 * centre. A wrong directory is reported naming the file and the entry.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { fold } from '../../lib/text.ts';
import { unitKey, type AdminUnits } from './admin-units.ts';

const chatRef = z.object({ channel: z.string(), chatId: z.union([z.string(), z.number()]).transform(String) });

const directorySchema = z.object({
  centre: z.object({
    name: z.string(),
    province: z.union([z.string(), z.number()]).transform((v) => String(v).padStart(2, '0')),
    address: z.string().default(''),
    phone: z.string().default(''),
    hours: z.string().default(''),
    staffChats: z.array(chatRef).default([]),
  }),
  branches: z
    .array(
      z.object({
        id: z.string().regex(/^[a-z0-9-]+$/u, 'ids are lower-case words joined by "-"'),
        name: z.string(),
        address: z.string().default(''),
        phone: z.string().default(''),
        communes: z.array(z.union([z.string(), z.number()]).transform(String)).min(1),
        fields: z.array(z.string()).optional(),
        staffChats: z.array(chatRef).default([]),
      }),
    )
    .default([]),
  staff: z
    .array(
      z.object({
        channel: z.string(),
        userId: z.union([z.string(), z.number()]).transform(String),
        role: z.enum(['centre', 'branch']),
        branch: z.string().optional(),
        name: z.string().optional(),
      }),
    )
    .default([]),
});

export type DirectoryData = z.infer<typeof directorySchema>;
export type Branch = DirectoryData['branches'][number];
export type StaffMember = DirectoryData['staff'][number];
export type ChatRef = z.infer<typeof chatRef>;

/** Where a ticket goes: a branch, or the centre itself. */
export interface RouteTarget {
  id: string;
  name: string;
  staffChats: ChatRef[];
  isCentre: boolean;
}

export const CENTRE_ID = 'centre';

/** The mark of a placeholder in the sample directory (intake/directory.sample.yaml). */
export const SAMPLE_MARK = '(mẫu)';

/** Where an address lies for this centre: in its province, outside it, or not known. */
export type Area = 'inside' | 'outside' | 'unknown';

/** What `areaOf` needs of a resolved address (an AddressResolver `Resolution` fits). */
export interface ResolvedPlace {
  province: { code: string } | null;
  commune: { code: string } | null;
  candidates?: Array<{ provinceCode?: string }>;
}

export class BranchDirectory {
  private readonly branchByCommune = new Map<string, Branch>();
  /** The 2025 communes of the centre's province (empty when loaded without the administrative units). */
  private readonly communesOfProvince = new Set<string>();
  private hasUnits = false;

  private constructor(
    readonly file: string,
    readonly data: DirectoryData,
  ) {}

  /** Reads and checks the directory; throws one line naming the file and the wrong entry. */
  static load(file: string, units: AdminUnits | undefined): BranchDirectory {
    let raw: unknown;
    try {
      raw = parse(readFileSync(file, 'utf8'));
    } catch (err) {
      throw new Error(`${file}: không đọc được (${(err as Error).message.split('\n')[0]})`);
    }
    if (raw === null || typeof raw !== 'object' || !('centre' in raw)) throw new Error(`${file}: thiếu mục "centre" (Trung tâm)`);
    const parsed = directorySchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new Error(`${file}: ${issue.path.join('.')}: ${issue.message}`);
    }
    const directory = new BranchDirectory(file, parsed.data);
    const province = parsed.data.centre.province;
    // Without the administrative units nothing can be checked or routed by commune: all goes to the centre.
    if (!units) return directory;
    if (!units.province(province)) throw new Error(`${file}: centre.province "${province}" không phải mã tỉnh 2025`);
    const communesOfProvince = [...units.communes.values()].filter((c) => c.provinceCode === province);
    directory.hasUnits = true;
    for (const c of communesOfProvince) directory.communesOfProvince.add(c.code);
    const ids = new Set<string>();
    for (const [i, branch] of parsed.data.branches.entries()) {
      if (ids.has(branch.id)) throw new Error(`${file}: branches[${i}] (${branch.id}): mã chi nhánh bị trùng`);
      ids.add(branch.id);
      for (const entry of branch.communes) {
        const found = /^\d+$/u.test(entry)
          ? communesOfProvince.find((c) => c.code === entry.padStart(5, '0'))
          : communesOfProvince.find((c) => fold(c.name) === fold(entry)) ??
            communesOfProvince.find((c) => unitKey(c.name) === unitKey(entry));
        if (!found) {
          throw new Error(`${file}: branches[${i}] (${branch.id}): xã/phường "${entry}" không có trong ${units.province(province)!.name}`);
        }
        const other = directory.branchByCommune.get(found.code);
        if (other) throw new Error(`${file}: branches[${i}] (${branch.id}): ${found.name} đã thuộc chi nhánh ${other.id}`);
        directory.branchByCommune.set(found.code, branch);
      }
    }
    for (const [i, s] of parsed.data.staff.entries()) {
      if (s.role === 'branch' && (!s.branch || !ids.has(s.branch))) {
        throw new Error(`${file}: staff[${i}] (${s.userId}): cán bộ chi nhánh cần "branch" là một chi nhánh có trong danh sách`);
      }
    }
    return directory;
  }

  /**
   * Whether the directory still holds the sample's placeholders (a name, address or phone with
   * "(mẫu)"): its contacts are not to be given to people as real.
   */
  get isSample(): boolean {
    const { centre, branches } = this.data;
    return [centre, ...branches].some((x) => [x.name, x.address, x.phone].some((v) => v.includes(SAMPLE_MARK)));
  }

  get centre(): RouteTarget {
    const c = this.data.centre;
    return { id: CENTRE_ID, name: c.name, staffChats: c.staffChats, isCentre: true };
  }

  get province(): string {
    return this.data.centre.province;
  }

  /** Whether a 2025 province code is this centre's province. */
  servesProvince(provinceCode: string | null | undefined): boolean {
    return provinceCode === this.province;
  }

  /** Whether a 2025 commune lies in this centre's province; undefined when loaded without the units. */
  servesCommune(communeCode: string): boolean | undefined {
    return this.hasUnits ? this.communesOfProvince.has(communeCode) : undefined;
  }

  /**
   * Whether a resolved address lies in this centre's province: by its commune, else by its candidates
   * (all in or all out), else by its province; 'unknown' when none of these tells.
   */
  areaOf(place: ResolvedPlace): Area {
    const inside = (yes: boolean): Area => (yes ? 'inside' : 'outside');
    if (place.commune) {
      const byCommune = this.servesCommune(place.commune.code);
      if (byCommune !== undefined) return inside(byCommune);
    }
    const provinces = new Set((place.candidates ?? []).map((c) => c.provinceCode).filter((c): c is string => Boolean(c)));
    if (provinces.size > 0 && !place.commune) {
      if (provinces.size === 1) return inside(this.servesProvince([...provinces][0]));
      return provinces.has(this.province) ? 'unknown' : 'outside';
    }
    return place.province ? inside(this.servesProvince(place.province.code)) : 'unknown';
  }

  target(id: string): RouteTarget | undefined {
    if (id === CENTRE_ID) return this.centre;
    const b = this.data.branches.find((x) => x.id === id);
    return b ? { id: b.id, name: b.name, staffChats: b.staffChats, isCentre: false } : undefined;
  }

  /** The branch covering a commune (and taking that field, when it lists fields), else the centre. */
  route(communeCode: string | null, field?: string): RouteTarget {
    const branch = communeCode ? this.branchByCommune.get(communeCode) : undefined;
    if (!branch || (field && branch.fields && !branch.fields.includes(field))) return this.centre;
    return this.target(branch.id)!;
  }

  staffMember(channel: string, userId: string): StaffMember | undefined {
    return this.data.staff.find((s) => s.channel === channel && s.userId === userId);
  }

  /** Whether a chat is one of the centre's or a branch's staff chats. */
  isStaffChat(channel: string, chatId: string): boolean {
    return [this.centre, ...this.data.branches.map((b) => this.target(b.id)!)].some((t) =>
      t.staffChats.some((c) => c.channel === channel && c.chatId === chatId),
    );
  }
}
