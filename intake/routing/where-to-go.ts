/**
 * "Where do I go?": a question that asks where to go or whom to contact and names a place ("tôi ở xã
 * Sông Pe cũ, giờ nộp đơn ở đâu", "nha o phuong Chieng Le thi den cho nao") is answered from the
 * address data and the branch directory, the same way a request is routed: the commune (an old,
 * pre-2025 name is moved to its new unit), the branch that serves it or the centre, with the contact
 * the directory holds; another province gets its own centre (referral.ts). Questions that name no
 * place, or a place that cannot be read, are left to the knowledge base.
 *
 *     new WhereToGo(resolver, directory).answer('toi o xa Song Pe cu, gio nop don o dau', '2026-11-23')
 *     // "Từ 01/07/2025, Xã Song Pe cũ nay thuộc Xã Bắc Yên, Tỉnh Sơn La.\nNơi giúp bạn là …"
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { loadMessages } from '../../lib/messages.ts';
import { fold } from '../../lib/text.ts';
import { hotlineAt } from '../hotline.ts';
import type { AddressResolver, Resolution } from './address-resolver.ts';
import { SAMPLE_MARK, type BranchDirectory } from './directory.ts';
import { referralFor } from './referral.ts';
import { provincialCentres } from './provincial-centres.ts';

const say = loadMessages(new URL('./routing.vi.yaml', import.meta.url), [
  'where_old_unit', 'where_new_unit', 'where_branch', 'where_contact_address', 'where_contact_phone', 'where_contact_hours',
  'where_hotline', 'where_court_note', 'where_candidates', 'where_sample', 'where_basis',
]);

const phrasesSchema = z.object({
  asks: z.array(z.string()).min(1),
  place_markers: z.array(z.string()),
  clause_breaks: z.array(z.string()),
  place_tail: z.array(z.string()),
});

const PHRASES = (() => {
  const file = new URL('./where-to-go.yaml', import.meta.url);
  const parsed = phrasesSchema.safeParse(parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`where-to-go.yaml: ${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}`);
  const words = (list: string[]) => list.map((p) => fold(p).toLowerCase());
  return {
    asks: words(parsed.data.asks),
    markers: words(parsed.data.place_markers),
    breaks: words(parsed.data.clause_breaks),
    tail: words(parsed.data.place_tail),
  };
})();

/** Whether a message asks where to go or whom to contact (compared folded). */
export function asksWhere(text: string): boolean {
  const folded = ` ${fold(text).toLowerCase()} `;
  return PHRASES.asks.some((p) => folded.includes(` ${p} `));
}

/**
 * The parts of a message that may name a place: each sentence cut at the words that start another
 * part ("thì", "giờ", "muốn"…), from just after "ở/tại/thuộc" when it has one, without the "where"
 * words and a trailing "cũ". Commas stay: they separate the parts of one address ("xã A, tỉnh B").
 */
export function placePhrases(text: string): string[] {
  const out: string[] = [];
  for (const clause of text.split(/[.;:?!\n]+/u)) {
    const words = clause.trim().split(/\s+/u).filter(Boolean);
    const folded = words.map((w) => fold(w).toLowerCase());
    // Cut at the first word that starts another part of the sentence (not the first word).
    let end = words.length;
    for (let i = 1; i < folded.length; i++) {
      if (PHRASES.breaks.some((b) => startsAt(folded, i, b))) {
        end = i;
        break;
      }
    }
    // Start after the last place marker before the cut ("tôi ở xã A" → "xã A").
    let start = 0;
    for (let i = 0; i < end; i++) {
      const marker = PHRASES.markers.find((m) => startsAt(folded, i, m));
      if (marker) start = i + marker.split(' ').length;
    }
    let stop = end;
    // Drop the "where" words and a trailing "cũ".
    for (const p of PHRASES.asks) {
      for (let i = start; i < stop; i++) if (startsAt(folded, i, p)) stop = Math.min(stop, i);
    }
    while (stop > start && PHRASES.tail.includes(folded[stop - 1]!)) stop--;
    const phrase = words.slice(start, stop).join(' ').replace(/[,\s]+$/u, '');
    if (phrase !== '') out.push(phrase);
  }
  return out;
}

function startsAt(words: string[], i: number, phrase: string): boolean {
  const parts = phrase.split(' ');
  return parts.every((p, k) => words[i + k] === p);
}

export class WhereToGo {
  constructor(
    private readonly resolver: AddressResolver,
    private readonly directory: BranchDirectory,
  ) {}

  /** The answer to a "where do I go?" question that names a place, else undefined. */
  answer(text: string, today: string): string | undefined {
    if (!asksWhere(text)) return undefined;
    const found = this.place(text);
    if (!found) return undefined;
    if (!found.commune && found.candidates.length > 0 && found.question) {
      return say.say('where_candidates', { question: found.question });
    }
    const lines: string[] = [];
    const area = this.directory.areaOf(found);
    if (found.commune && found.province) {
      // The unit as it is since 2025 (a referral to another province names the province itself).
      const renamed = found.oldUnit && fold(found.oldUnit.name) !== fold(found.commune.name);
      if (renamed) lines.push(say.say('where_old_unit', { old: found.oldUnit!.name, commune: found.commune.name, province: found.province.name }));
      else if (area === 'inside') lines.push(say.say('where_new_unit', { commune: found.commune.name, province: found.province.name }));
    }
    if (area === 'outside' && found.province) {
      const referral = referralFor(found.province.code, today);
      if (!referral) return undefined;
      lines.push(referral.message);
    } else if (area === 'inside' && this.directory.isSample) {
      // The sample's placeholders are never given as a real address or phone: the province's centre by
      // name (provincial-centres.yaml) and the national hotline instead.
      const hotline = hotlineAt(today);
      const centre = provincialCentres().centreFor(this.directory.province)?.name ?? this.directory.data.centre.name.replace(SAMPLE_MARK, '').trim();
      lines.push(say.say('where_sample', { centre, hotline: hotline.number, hours: hotline.hours }));
    } else if (area === 'inside') {
      lines.push(say.say('where_branch', this.contactOf(found.commune?.code ?? null)), say.say('where_hotline', { hotline: hotlineAt(today).number }));
    } else {
      return undefined;
    }
    lines.push(say.say('where_court_note'));
    if (area === 'inside') lines.push(say.say('where_basis'));
    return lines.join('\n');
  }

  /** The first phrase of the message that reads as a commune or a province. */
  private place(text: string): Resolution | undefined {
    // Failing a commune, the first phrase with candidates to ask about or a whole province.
    let fallback: Resolution | undefined;
    for (const phrase of placePhrases(text)) {
      const r = this.resolver.resolve(phrase, { preferProvince: this.directory.province });
      if (r.commune) return r;
      if (!fallback && (r.candidates.length > 0 || (r.province && r.unmatched === null))) fallback = r;
    }
    return fallback;
  }

  /** The branch or centre serving a commune, with the contact the directory holds (hours: the centre's). */
  private contactOf(communeCode: string | null): { target: string; contact: string } {
    const target = this.directory.route(communeCode);
    const { centre } = this.directory.data;
    const data = target.isCentre ? centre : this.directory.data.branches.find((b) => b.id === target.id);
    const hours = centre.hours;
    const contact = [
      data?.address ? say.say('where_contact_address', { address: data.address }) : '',
      data?.phone ? say.say('where_contact_phone', { phone: data.phone }) : '',
      hours ? say.say('where_contact_hours', { hours }) : '',
    ].join('');
    const name = target.isCentre ? target.name : `${target.name} (${this.directory.data.centre.name})`;
    return { target: name, contact };
  }
}
