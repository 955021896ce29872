/**
 * Reads a free-text address into the 2025 structure: province and commune with their statistics-office
 * codes, and keeps everything else the person typed (hamlet, house number, what was not recognised).
 *
 * The address is read word by word from its end, the way Vietnamese addresses are written (hamlet,
 * commune, district, province): a province name, then optionally an old district, then a commune (new
 * or old), each with or without its kind ("xã", "huyện", "tỉnh", "TP", "H.", "X.", …), with or without
 * commas. Of all readings the one explaining most words wins. A word typed with diacritics must match
 * them ("Tân" is not "Tấn"); a word typed without them matches by folding (lib/text.ts).
 *
 *     resolve('xa thai bao huyen gia binh bac ninh')   // old commune + old district + province
 *       → { commune: Xã Nhân Thắng, province: Tỉnh Bắc Ninh, oldUnit: Xã Thái Bảo, … }
 *
 * An old commune split into several new ones gives those as candidates (ambiguity "split"); a name
 * found in several places gives each place (ambiguity "same_name"); `question` is what to ask.
 */
import { loadMessages } from '../../lib/messages.ts';
import { editDistance, fold, hasDiacritics } from '../../lib/text.ts';
import { loadAddressWords, type AddressWords, type Level } from './address-words.ts';
import { exactKey, type AdminUnits, type Commune, type OldCommune, type OldDistrict, type Province } from './admin-units.ts';

const say = loadMessages(new URL('./routing.vi.yaml', import.meta.url), [
  'reason_empty', 'reason_new', 'reason_old', 'reason_split', 'reason_same_name', 'reason_province_only', 'reason_district_only',
  'reason_none', 'reason_district_ignored', 'reason_typo', 'question_split', 'question_same_name', 'candidate_new', 'candidate_old',
]);

/** A pre-2025 commune, as the person named it. */
export interface OldUnit {
  code: string;
  name: string;
  district: string;
  /** The old province's name ("Tỉnh Bắc Giang"). */
  province: string;
}

/** A 2025 commune the person may mean, to offer as a choice. */
export interface Candidate {
  code: string;
  name: string;
  /** The 2025 province's name. */
  province: string;
  provinceCode: string;
  /** The choice as shown to the person ("Xã Gia Phù, Tỉnh Sơn La", with the old unit when one was named). */
  label: string;
  /** The old commune this candidate comes from, when the address named an old one. */
  from?: OldUnit;
}

/** Why there are candidates: several places share the name, or one old commune was split. */
export type Ambiguity = 'same_name' | 'split';

export interface Resolution {
  province: Province | null;
  commune: { code: string; name: string } | null;
  candidates: Candidate[];
  /** A short note for staff on how the address was read. */
  reason: string;
  /** Set when there are candidates. */
  ambiguity: Ambiguity | null;
  /** What to ask the person when there are candidates (plain Vietnamese), else null. */
  question: string | null;
  /** The pre-2025 commune the address named, when it named exactly one. */
  oldUnit: OldUnit | null;
  /** The pre-2025 district the address named ("Huyện Gia Bình"), when recognised. */
  district: string | null;
  /** The part below the commune (thôn/bản/ấp/xóm/tổ/khu phố/số nhà/đường …) as typed, else null. */
  hamlet: string | null;
  /** What was typed for the commune or district but not recognised, as typed, else null. */
  unmatched: string | null;
  /** The text exactly as given. */
  raw: string;
}

interface Token {
  /** Folded (no diacritics). */
  f: string;
  /** Exact (with diacritics, tone marks placed alike). */
  x: string;
  dia: boolean;
  start: number;
  end: number;
  /** A comma, semicolon, bracket or new line before this word. */
  brk: boolean;
}

interface Phrase {
  f: string[];
  x: string[];
}

interface UnitType {
  phrase: Phrase;
  levels: ReadonlySet<Level>;
  /** The folded full word it stands for ("x" → "xa"). */
  kind: string;
}

interface ProvinceRef {
  newCode: string;
  /** The old province's code when this is a pre-2025 province name. */
  oldCode: string | null;
}

type CommuneRef = { isNew: true; unit: Commune } | { isNew: false; unit: OldCommune };

interface Entry<T> {
  ref: T;
  /** The folded kind of the official name ("xa", "phuong", "thi tran", "huyen", …), '' for aliases. */
  kind: string;
  /** The name without its kind, exact tokens. */
  x: string[];
}

interface Span<T> {
  /** First word, the kind word included. */
  start: number;
  end: number;
  /** The folded kind typed before the name, if any. */
  kind: string | null;
  entries: Entry<T>[];
  /** Typed with diacritics that match no unit: matched by folding. */
  diaMiss: boolean;
  /** Matched by a one-letter typo. */
  typo: boolean;
  /**
   * The words before it read as another level's kind ("quan" before "ninh binh" in "nho quan ninh
   * binh"): valid only when they end the unit read before it ("Nho Quan").
   */
  foreign: boolean;
}

interface ProvinceChoice {
  newCodes: Set<string>;
  oldCodes: Set<string>;
}

interface Reading {
  p: Span<ProvinceRef> | null;
  d: Span<OldDistrict> | null;
  c: Span<CommuneRef> | null;
  /** Words between units that were left aside (an unrecognised or mismatched district). */
  skipped: [number, number] | null;
  fillers: number;
  chosen: Entry<CommuneRef>[];
  codes: string[];
  typeMismatch: boolean;
  score: number;
}

const WORD = /[\p{L}\p{M}\p{N}]+/gu;
const BREAK = /[,;()[\]\n\r|]/u;
const MAX_NAME_WORDS = 8;
const TRIM = /^[\s,;:.\-–—/()[\]]+|[\s,;:.\-–—/([\]]+$/gu;

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let last = 0;
  for (const m of text.matchAll(WORD)) {
    const word = m[0];
    const start = m.index;
    out.push({ f: fold(word), x: exactKey(word), dia: hasDiacritics(word), start, end: start + word.length, brk: out.length > 0 && BREAK.test(text.slice(last, start)) });
    last = start + word.length;
  }
  return out;
}

function phrase(text: string): Phrase {
  const toks = tokenize(text.normalize('NFC'));
  return { f: toks.map((t) => t.f), x: toks.map((t) => t.x) };
}

/** Whether `p` is written at word `i` (no break inside; a word typed with diacritics must match them). */
function phraseAt(toks: Token[], i: number, p: Phrase): boolean {
  if (i < 0 || i + p.f.length > toks.length) return false;
  return p.f.every((f, j) => {
    const t = toks[i + j]!;
    return t.f === f && (!t.dia || t.x === p.x[j]) && (j === 0 || !t.brk);
  });
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function unique(items: string[]): string[] {
  return [...new Set(items)];
}

const length = (s: { start: number; end: number } | null) => (s ? s.end - s.start : 0);

export class AddressResolver {
  private readonly types: UnitType[];
  private readonly hamletWords: Phrase[];
  private readonly fillers: Phrase[];
  private readonly trailing: Phrase[];
  private readonly provinces = new Map<string, Entry<ProvinceRef>[]>();
  private readonly districts = new Map<string, Entry<OldDistrict>[]>();
  private readonly communes = new Map<string, Entry<CommuneRef>[]>();
  /** Commune name keys by 2025 province, for typo matching. */
  private readonly communeKeysByProvince = new Map<string, Set<string>>();

  constructor(
    readonly units: AdminUnits,
    words: AddressWords = loadAddressWords(),
  ) {
    const byKind = new Map<string, UnitType>();
    for (const t of words.unit_types) {
      for (const written of [t.name, ...t.short]) {
        const p = phrase(written);
        const key = p.f.join(' ');
        const known = byKind.get(key);
        if (known) byKind.set(key, { ...known, levels: new Set([...known.levels, ...t.levels]) });
        else byKind.set(key, { phrase: p, levels: new Set(t.levels), kind: fold(t.name) });
      }
    }
    // Longest first, so "thị xã" is read before "xã".
    this.types = [...byKind.values()].sort((a, b) => b.phrase.f.length - a.phrase.f.length);
    const longestFirst = (list: string[]) => list.map(phrase).sort((a, b) => b.f.length - a.f.length);
    this.hamletWords = longestFirst(words.hamlet_words);
    this.fillers = longestFirst(words.fillers);
    this.trailing = longestFirst(words.trailing);

    for (const p of units.provinces.values()) this.add(this.provinces, p.name, { newCode: p.code, oldCode: null });
    for (const p of units.oldProvinces.values()) this.add(this.provinces, p.name, { newCode: p.newCode, oldCode: p.code });
    for (const a of words.province_aliases) {
      if (units.province(a.province)) this.add(this.provinces, a.name, { newCode: a.province, oldCode: null }, false);
    }
    for (const d of units.oldDistricts) this.add(this.districts, d.name, d);
    for (const c of units.communes.values()) {
      const key = this.add(this.communes, c.name, { isNew: true, unit: c });
      this.keysOf(c.provinceCode).add(key);
    }
    for (const c of units.oldCommunes) {
      const key = this.add(this.communes, c.name, { isNew: false, unit: c });
      const province = units.oldProvinceToNew.get(c.oldProvince);
      if (province) this.keysOf(province).add(key);
    }
  }

  /**
   * Reads an address. `preferProvince` (a 2025 code, e.g. the centre's) puts candidates of that
   * province first in a choice list.
   */
  resolve(text: string, options: { preferProvince?: string } = {}): Resolution {
    const raw = text;
    const nfcText = text.normalize('NFC');
    const toks = tokenize(nfcText);
    const base = { raw, hamlet: null, unmatched: null, oldUnit: null, district: null, ambiguity: null, question: null, candidates: [], commune: null };
    if (toks.length === 0) return { ...base, province: null, reason: say.say('reason_empty') };

    let end = toks.length;
    for (let again = true; again; ) {
      again = false;
      for (const t of this.trailing) {
        if (end - t.f.length > 0 && phraseAt(toks, end - t.f.length, t)) {
          end -= t.f.length;
          again = true;
          break;
        }
      }
    }

    const readings = this.readings(toks, end, false);
    let best = pickBest(readings);
    if (!best?.c) best = pickBest([...readings, ...this.readings(toks, end, true)]) ?? best;
    const resolution = this.build(raw, nfcText, toks, end, best);
    const home = options.preferProvince;
    if (home && resolution.candidates.length > 1) {
      resolution.candidates = [...resolution.candidates.filter((c) => c.provinceCode === home), ...resolution.candidates.filter((c) => c.provinceCode !== home)];
    }
    return resolution;
  }

  /** Every reading of the words before `end`: province?, district?, commune? (with typos when asked). */
  private readings(toks: Token[], end: number, typos: boolean): Reading[] {
    const out: Reading[] = [];
    const add = (r: Omit<Reading, 'chosen' | 'codes' | 'typeMismatch' | 'score'>, prov: ProvinceChoice | null) => {
      if (!foreignKindsExplained(r)) return;
      if (!r.c) {
        if (!typos) out.push({ ...r, chosen: [], codes: [], typeMismatch: false, score: 10 * (length(r.p) + length(r.d)) });
        return;
      }
      const decided = this.decide(r.c, prov, r.d);
      if (!decided) return;
      const explained = length(r.p) + length(r.d) + length(r.c) + r.fillers;
      const penalty =
        4 * [r.p, r.d, r.c].filter((s) => s?.diaMiss).length + 3 * Number(decided.typeMismatch) + 8 * Number(r.skipped !== null) + 6 * Number(r.c.typo);
      out.push({ ...r, ...decided, score: 10 * explained - penalty });
    };
    const communesEnding = (at: number, prov: ProvinceChoice | null) =>
      typos ? this.typoSpans(toks, at, prov) : this.spans(toks, at, 'commune', this.communes);

    const provinces = this.spans(toks, end, 'province', this.provinces);
    // An address ending in a province name is read with a province: "Bà Rịa - Vũng Tàu" is not
    // "Phường Vũng Tàu" with "Bà Rịa" before it.
    const mustHaveProvince = provinces.some((p) => !p.foreign);
    for (const p of mustHaveProvince ? provinces : [null, ...provinces]) {
      const prov = p ? provinceChoice(p) : null;
      const pEnd = p ? p.start : end;
      add({ p, d: null, c: null, skipped: null, fillers: 0 }, prov);
      for (const g of this.gaps(toks, pEnd)) {
        for (const c of communesEnding(g.end, prov)) add({ p, d: null, c, skipped: null, fillers: g.fillers }, prov);
        for (const d of this.spans(toks, g.end, 'district', this.districts)) {
          const district = this.narrowDistrict(d, prov);
          if (!district) continue;
          add({ p, d: district, c: null, skipped: null, fillers: g.fillers }, prov);
          for (const g2 of this.gaps(toks, district.start)) {
            for (const c of communesEnding(g2.end, prov)) {
              add({ p, d: district, c, skipped: null, fillers: g.fillers + g2.fillers }, prov);
              // The district may be wrong while the commune and province are right.
              add({ p, d: null, c, skipped: [district.start, district.end], fillers: g.fillers + g2.fillers }, prov);
            }
          }
        }
        // A district typed with its kind but not recognised ("huyện Bắc Yênn"): read around it.
        const part = partStart(toks, g.end);
        if (part > 0 && part < g.end && this.typeAt(toks, part)?.levels.has('district')) {
          for (const c of communesEnding(part, prov)) add({ p, d: null, c, skipped: [part, g.end], fillers: g.fillers }, prov);
        }
      }
    }
    return out;
  }

  /** Where a unit before `pos` may end: at `pos`, or before a filler word ("cũ"). */
  private gaps(toks: Token[], pos: number): Array<{ end: number; fillers: number }> {
    const out = [{ end: pos, fillers: 0 }];
    for (const f of this.fillers) {
      const at = pos - f.f.length;
      if (at > 0 && phraseAt(toks, at, f)) out.push({ end: at, fillers: f.f.length });
    }
    return out;
  }

  /** Unit names of one level ending at word `end`, each with the kind word typed before it. */
  private spans<T>(toks: Token[], end: number, level: Level, index: Map<string, Entry<T>[]>): Array<Span<T>> {
    const out: Array<Span<T>> = [];
    let key = '';
    for (let s = end - 1; s >= 0 && end - s <= MAX_NAME_WORDS; s--) {
      if (s + 1 < end && toks[s + 1]!.brk) break;
      key = key === '' ? toks[s]!.f : `${toks[s]!.f} ${key}`;
      const entries = index.get(key);
      if (!entries) continue;
      out.push(...this.span(toks, s, end, level, entries));
    }
    return out;
  }

  /**
   * The spans for the name at [s, end): with the kind word typed before it, and without it (that word
   * then ends the unit before). None when the word before says it is a hamlet's name.
   */
  private span<T>(toks: Token[], s: number, end: number, level: Level, entries: Array<Entry<T>>, typo = false): Array<Span<T>> {
    const kindBefore = this.typeEndingAt(toks, s);
    // "huyện Bắc Yên" names a district, "thôn Tân Lập" a hamlet: not a commune of that name. Before a
    // district or province such words may end the name before ("Nho Quan" in "nho quan ninh binh",
    // "Văn Bán" in "van ban cam khe"): each reading checks that.
    const hamletBefore = !kindBefore && this.hamletEndingAt(toks, s);
    const foreign = kindBefore !== undefined || hamletBefore;
    if (foreign && level === 'commune' && !kindBefore?.levels.has(level)) return [];
    // A name typed with diacritics is matched with them, words without any included ("Trà Don" is not
    // "Trà Dơn"); when nothing matches so, by folding (a slip in the diacritics).
    const name = toks.slice(s, end);
    const withDiacritics = name.some((t) => t.dia);
    const exact = typo || !withDiacritics ? [] : entries.filter((e) => e.x.length === name.length && name.every((t, i) => t.x === e.x[i]));
    const common = { end, entries: exact.length > 0 ? exact : entries, diaMiss: !typo && withDiacritics && exact.length === 0, typo };
    const out: Array<Span<T>> = [];
    if (kindBefore?.levels.has(level)) out.push({ ...common, start: s - kindBefore.phrase.f.length, kind: kindBefore.kind, foreign: false });
    if (level !== 'commune' || !foreign) out.push({ ...common, start: s, kind: null, foreign });
    return out;
  }

  /** Commune names within one typo of the words before `end`, in the province. */
  private typoSpans(toks: Token[], end: number, prov: ProvinceChoice | null): Array<Span<CommuneRef>> {
    if (!prov || end === 0) return [];
    const part = partStart(toks, end);
    let s = part;
    for (let i = end - 1; i >= part; i--) {
      const t = this.typeAt(toks, i);
      if (t?.levels.has('commune') && i + t.phrase.f.length < end) {
        s = i + t.phrase.f.length;
        break;
      }
    }
    if (s === part && this.hamletAt(toks, s)) return [];
    const key = toks.slice(s, end).map((t) => t.f).join(' ');
    if (key.length < 6 || end - s > MAX_NAME_WORDS) return [];
    const entries: Array<Entry<CommuneRef>> = [];
    for (const code of prov.newCodes) {
      for (const k of this.communeKeysByProvince.get(code) ?? []) {
        if (k !== key && editDistance(k, key, 1) <= 1) entries.push(...(this.communes.get(k) ?? []));
      }
    }
    if (entries.length === 0) return [];
    return this.span(toks, s, end, 'commune', entries, true);
  }

  /** The new communes a commune span means under the province and district read with it. */
  private decide(c: Span<CommuneRef>, prov: ProvinceChoice | null, d: Span<OldDistrict> | null) {
    const inProvince = (code: string | undefined) => !prov || (code !== undefined && prov.newCodes.has(code));
    let fresh = c.entries.filter((e) => e.ref.isNew && inProvince(e.ref.unit.provinceCode));
    let old = c.entries.filter((e) => !e.ref.isNew && inProvince(this.units.oldProvinceToNew.get((e.ref.unit as OldCommune).oldProvince)));
    if (d) {
      const codes = new Set(d.entries.map((e) => e.ref.code));
      old = old.filter((e) => codes.has((e.ref.unit as OldCommune).districtCode));
      fresh = [];
    }
    if (prov && prov.oldCodes.size > 0) {
      const inOldProvince = old.filter((e) => prov.oldCodes.has((e.ref.unit as OldCommune).oldProvince));
      if (inOldProvince.length > 0) old = inOldProvince;
    }
    // With a district the address is old. No new unit is a "thị trấn": one typed is old too. In a
    // province a current name is taken as current, unless only folding made an old name look like it
    // ("muong bang" is Mường Bang and the old Mường Bằng); with no province a name may be any of them.
    const freshCodes = new Set(fresh.map((e) => (e.ref.unit as Commune).code));
    const foldedAlike = old.filter(
      (o) => !fresh.some((f) => f.x.join(' ') === o.x.join(' ')) && (o.ref.unit as OldCommune).newCodes.some((code) => !freshCodes.has(code)),
    );
    let chosen = d
      ? old
      : c.kind === 'thi tran'
        ? old.length > 0 ? old : fresh
        : !prov
          ? [...fresh, ...old]
          : fresh.length > 0 ? [...fresh, ...foldedAlike] : old;
    if (chosen.length === 0) return null;
    let typeMismatch = false;
    if (c.kind) {
      const same = chosen.filter((e) => e.kind === c.kind);
      if (same.length > 0) chosen = same;
      else typeMismatch = true;
    }
    const codes = unique(chosen.flatMap((e) => (e.ref.isNew ? [e.ref.unit.code] : e.ref.unit.newCodes)));
    return codes.length > 0 ? { chosen, codes, typeMismatch } : null;
  }

  /** The district span with only the districts in the province, preferring the kind typed. */
  private narrowDistrict(d: Span<OldDistrict>, prov: ProvinceChoice | null): Span<OldDistrict> | null {
    let entries = d.entries.filter((e) => !prov || prov.newCodes.has(this.units.oldProvinceToNew.get(e.ref.oldProvince) ?? ''));
    if (prov && prov.oldCodes.size > 0) {
      const inOld = entries.filter((e) => prov.oldCodes.has(e.ref.oldProvince));
      if (inOld.length > 0) entries = inOld;
    }
    if (d.kind) {
      const same = entries.filter((e) => e.kind === d.kind);
      if (same.length > 0) entries = same;
    }
    return entries.length > 0 ? { ...d, entries } : null;
  }

  private build(raw: string, text: string, toks: Token[], end: number, best: Reading | undefined): Resolution {
    const slice = (from: number, to: number): string | null => {
      if (from >= to) return null;
      const s = text.slice(toks[from]!.start, toks[to - 1]!.end).replace(TRIM, '');
      return s === '' ? null : s;
    };
    const districtName = best?.d ? unique(best.d.entries.map((e) => e.ref.name)).join(' / ') : null;
    const base = { raw, district: districtName, ambiguity: null, question: null, oldUnit: null, candidates: [] as Candidate[] };
    const provinceOf = (codes: Iterable<string>): Province | null => {
      const set = unique([...codes]);
      return set.length === 1 ? this.units.province(set[0]!) ?? null : null;
    };
    const readProvince = () =>
      best?.p
        ? provinceOf(best.p.entries.map((e) => e.ref.newCode))
        : best?.d
          ? provinceOf(best.d.entries.map((e) => this.units.oldProvinceToNew.get(e.ref.oldProvince) ?? ''))
          : null;

    if (!best?.c) {
      // No commune: keep the rest of what was typed as hamlet and unrecognised words.
      const cut = best?.d?.start ?? best?.p?.start ?? end;
      const { hamlet, unmatched } = this.leftover(toks, cut, slice);
      const province = readProvince();
      const reason = province
        ? districtName
          ? say.say('reason_district_only', { district: districtName })
          : say.say('reason_province_only')
        : say.say('reason_none');
      return { ...base, province, commune: null, reason, hamlet, unmatched };
    }

    const c = best.c;
    const hamlet = slice(0, c.start);
    const unmatched = best.skipped ? slice(best.skipped[0], best.skipped[1]) : null;
    const notes: string[] = [];
    if (best.skipped && unmatched) notes.push(say.say('reason_district_ignored', { typed: unmatched }));
    if (c.typo || c.diaMiss) notes.push(say.say('reason_typo', { typed: slice(c.start, c.end) ?? '', name: unique(best.chosen.map((e) => e.ref.unit.name)).join(', ') }));
    const olds = best.chosen.flatMap((e) => (e.ref.isNew ? [] : [e.ref.unit]));
    const oldUnits = olds.map((o) => this.oldUnit(o));
    const withNotes = (reason: string) => [reason, ...notes].join(' ');
    const oldReason = () => say.say('reason_old', { from: olds.map((o) => `${o.name}, ${o.district}`).join('; ') });

    if (best.codes.length === 1) {
      const commune = this.units.commune(best.codes[0]!)!;
      return {
        ...base,
        province: this.units.province(commune.provinceCode) ?? readProvince(),
        commune: { code: commune.code, name: commune.name },
        oldUnit: oldUnits.length === 1 ? oldUnits[0]! : null,
        reason: withNotes(olds.length > 0 ? oldReason() : say.say('reason_new')),
        hamlet,
        unmatched,
      };
    }

    const split = olds.length === 1 && best.chosen.length === 1;
    const candidates: Candidate[] = [];
    for (const e of best.chosen) {
      const from = e.ref.isNew ? undefined : this.oldUnit(e.ref.unit);
      for (const code of e.ref.isNew ? [e.ref.unit.code] : e.ref.unit.newCodes) {
        if (candidates.some((x) => x.code === code)) continue;
        const commune = this.units.commune(code);
        if (!commune) continue;
        const province = this.units.province(commune.provinceCode)?.name ?? '';
        const label =
          from && !split
            ? say.say('candidate_old', { commune: commune.name, province, old: from.name, district: from.district })
            : say.say('candidate_new', { commune: commune.name, province });
        candidates.push({ code, name: commune.name, province, provinceCode: commune.provinceCode, label, ...(from ? { from } : {}) });
      }
    }
    const question = split
      ? say.say('question_split', { old: olds[0]!.name, list: candidates.map((x) => x.name).join(', ') })
      : say.say('question_same_name', { name: this.bareName(best.chosen[0]!.ref.unit.name) });
    return {
      ...base,
      province: provinceOf(candidates.map((x) => x.provinceCode)) ?? readProvince(),
      commune: null,
      candidates,
      ambiguity: split ? 'split' : 'same_name',
      question,
      oldUnit: split ? oldUnits[0]! : null,
      reason: withNotes(say.say(split ? 'reason_split' : 'reason_same_name')),
      hamlet,
      unmatched,
    };
  }

  /** The words before `cut` when no commune was read: the hamlet part and what was not recognised. */
  private leftover(toks: Token[], cut: number, slice: (from: number, to: number) => string | null): { hamlet: string | null; unmatched: string | null } {
    if (cut === 0) return { hamlet: null, unmatched: null };
    // From the last commune kind word ("xã …", "phường …"), the words name a commune not recognised.
    for (let i = cut - 1; i >= 0; i--) {
      const t = this.typeAt(toks, i);
      if (t?.levels.has('commune') && (i === 0 || !this.hamletEndingAt(toks, i))) return { hamlet: slice(0, i), unmatched: slice(i, cut) };
    }
    const part = partStart(toks, cut);
    if (this.hamletAt(toks, part)) return { hamlet: slice(0, cut), unmatched: null };
    return { hamlet: slice(0, part), unmatched: slice(part, cut) };
  }

  private oldUnit(o: OldCommune): OldUnit {
    return { code: o.code, name: o.name, district: o.district, province: this.units.oldProvinces.get(o.oldProvince)?.name ?? '' };
  }

  /** "Xã Tân Phong" → "Tân Phong"; a number keeps its kind ("Phường 3"). */
  private bareName(name: string): string {
    const toks = tokenize(name);
    const t = this.typeAt(toks, 0);
    const bare = t && t.phrase.f.length < toks.length ? name.slice(toks[t.phrase.f.length]!.start) : name;
    return /^\d+$/u.test(bare) ? name : bare;
  }

  private typeAt(toks: Token[], i: number): UnitType | undefined {
    return this.types.find((t) => phraseAt(toks, i, t.phrase));
  }

  /** The unit kind written just before word `s` (nothing between, no comma). */
  private typeEndingAt(toks: Token[], s: number): UnitType | undefined {
    if (s === 0 || toks[s]!.brk) return undefined;
    return this.types.find((t) => phraseAt(toks, s - t.phrase.f.length, t.phrase));
  }

  private hamletAt(toks: Token[], i: number): boolean {
    return this.hamletWords.some((h) => phraseAt(toks, i, h));
  }

  private hamletEndingAt(toks: Token[], s: number): boolean {
    if (s === 0 || toks[s]!.brk) return false;
    return this.hamletWords.some((h) => phraseAt(toks, s - h.f.length, h));
  }

  /** Indexes an official name by its folded name without its kind; returns that key. */
  private add<T>(index: Map<string, Array<Entry<T>>>, official: string, ref: T, stripKind = true): string {
    const p = phrase(official);
    const t = stripKind ? this.types.find((x) => x.phrase.f.length < p.f.length && x.phrase.f.every((f, j) => p.f[j] === f)) : undefined;
    const n = t?.phrase.f.length ?? 0;
    const key = p.f.slice(n).join(' ');
    push(index, key, { ref, kind: t?.kind ?? '', x: p.x.slice(n) });
    return key;
  }

  private keysOf(province: string): Set<string> {
    let keys = this.communeKeysByProvince.get(province);
    if (!keys) this.communeKeysByProvince.set(province, (keys = new Set()));
    return keys;
  }
}

/** A span after another level's kind word is valid only when the unit before it ends right there. */
function foreignKindsExplained(r: Pick<Reading, 'p' | 'd' | 'c' | 'skipped'>): boolean {
  if (r.c?.foreign) return false;
  if (r.d?.foreign && r.c?.end !== r.d.start) return false;
  if (r.p?.foreign) {
    const before = r.d ?? (r.skipped ? null : r.c);
    if (before?.end !== r.p.start) return false;
  }
  return true;
}

function provinceChoice(p: Span<ProvinceRef>): ProvinceChoice {
  return {
    newCodes: new Set(p.entries.map((e) => e.ref.newCode)),
    oldCodes: new Set(p.entries.flatMap((e) => (e.ref.oldCode ? [e.ref.oldCode] : []))),
  };
}

/** The first word of the comma-separated part that word `end - 1` is in. */
function partStart(toks: Token[], end: number): number {
  let s = Math.max(0, end - 1);
  while (s > 0 && !toks[s]!.brk) s--;
  return s;
}

/** The reading that finds a commune and explains most words; then one with a province; then fewest choices. */
function pickBest(readings: Reading[]): Reading | undefined {
  let best: Reading | undefined;
  const rank = (r: Reading) => [Number(r.c !== null), r.score, Number(r.p !== null), -r.codes.length];
  for (const r of readings) {
    if (!best) {
      best = r;
      continue;
    }
    const a = rank(r);
    const b = rank(best);
    const i = a.findIndex((v, k) => v !== b[k]);
    if (i >= 0 && a[i]! > b[i]!) best = r;
  }
  return best;
}
