/**
 * "Gửi yêu cầu trợ giúp pháp lý": the request form of intake/request/form.yaml asked one field at a
 * time. Each answer is read by the field's reader (buttons, numbers, words, or a value found inside
 * a sentence: "số con trai tôi 098.765.4321", "bảy mươi lăm tuổi", "ngày mai tòa xử"); what else a
 * sentence says is kept too (facts for the eligibility check, a year of birth, a trial date, the
 * field of the matter), so a field already answered is not asked again. A summary to confirm
 * ("đúng", "ok", "gửi đi", "1"), with "sửa" to change any answer; the ticket is filed, routed to the
 * branch of the person's commune (or, for another province, the person is told which centre serves
 * them and the referral is recorded), and its number given.
 */
import { matchChoice } from '../../lib/choice-matcher.ts';
import { loadMessages } from '../../lib/messages.ts';
import { fold, nfc, syllables, cutText } from '../../lib/text.ts';
import type { CheckResult } from '../../intake/eligibility/check.ts';
import type { EligibilityChecker } from '../../intake/eligibility/checker.ts';
import { extractFacts } from '../../intake/eligibility/fact-extractor.ts';
import { mergeFacts, type CriminalRole, type Facts } from '../../intake/eligibility/facts.ts';
import { hotlineAt } from '../../intake/hotline.ts';
import { applies, loadForm, REQUEST_GROUPS, type FormChoice, type FormField } from '../../intake/request/form.ts';
import { findDate, parseDateInput } from '../../intake/request/date-input.ts';
import { findPhone, normalizePhone } from '../../intake/request/phone.ts';
import { findAge } from '../../intake/request/slots/age.ts';
import { findCriminalRole } from '../../intake/request/slots/criminal-role.ts';
import { findName } from '../../intake/request/slots/name.ts';
import { findRequester } from '../../intake/request/slots/relation.ts';
import type { AddressResolver, Candidate } from '../../intake/routing/address-resolver.ts';
import type { BranchDirectory } from '../../intake/routing/directory.ts';
import { referralFor } from '../../intake/routing/referral.ts';
import type { Desk } from '../../intake/tickets/desk.ts';
import { fieldLabel } from '../../intake/tickets/fields.ts';
import type { TicketDraft } from '../../intake/tickets/ticket.ts';
import { questionFields } from '../../knowledge/question-field.ts';
import type { Flow, FlowContext, FlowResult } from '../flow.ts';
import type { Choice, Reply } from '../message.ts';
import type { Snapshot } from '../conversation-store.ts';
import { endsAsking, intents, looksLikeQuestion } from '../nlu/intents.ts';
import { aboutLegalAid } from '../../knowledge/question-field.ts';

const say = loadMessages(new URL('./intake.vi.yaml', import.meta.url), [
  'consent', 'no_consent', 'for_whom', 'requester_name', 'requester_relation', 'requester_phone', 'full_name',
  'full_name_other', 'name_invalid', 'birth_year', 'birth_year_invalid', 'phone', 'phone_other', 'phone_invalid', 'address',
  'address_retry', 'address_kept', 'address_found', 'address_choose', 'address_none_of_these', 'address_hamlet', 'out_of_area',
  'out_of_area_yes', 'out_of_area_no', 'referral_recorded', 'group', 'field', 'field_guessed', 'field_business', 'criminal_role',
  'description', 'description_short', 'deadline', 'deadline_yes', 'deadline_date', 'deadline_invalid', 'deadline_past',
  'detention_urgent', 'contact', 'summary_head', 'summary_eligibility', 'summary_urgent', 'summary_referral', 'confirm_send',
  'confirm_edit', 'confirm_cancel', 'confirm_again', 'edit_which', 'submitted', 'submitted_urgent',
  'submitted_referred', 'eligibility_eligible', 'eligibility_more_info', 'eligibility_ineligible', 'none', 'no_phone_value', 'not_understood',
]);

const FORM = loadForm();
const FIELD = new Map(FORM.map((f) => [f.id, f]));
const BUSINESS = ['kinh doanh', 'thuong mai', 'cong ty', 'doanh nghiep'];
/** Words that say the person is held by the police (tạm giữ, tạm giam: BLTTHS 2015 Điều 117, 119). */
const CUSTODY = [{ id: 'custody', label: 'tạm giam', keywords: ['tạm giữ', 'bị giam', 'đang bị giữ', 'bị bắt giam', 'bị công an bắt', 'bị bắt', 'công an tạm giữ', 'công an giữ'] }];
/** How sure the field classifier must be to take the field from the story without asking. */
const FIELD_GUESS = { score: 0.35, margin: 0.06 };

/** Steps that are not fields of the form. */
type SubStep = 'address_choice' | 'out_of_area' | 'deadline_date' | 'summary' | 'edit_which';

/** A criminal-case role as the form asks it → the role the eligibility rules know (Điều 7 khoản 5). */
const ROLE_FACT: Record<string, CriminalRole | undefined> = {
  arrested: 'accused', // người bị bắt, bị tạm giữ là người bị buộc tội (BLTTHS 2015, Điều 4 khoản 1 điểm đ)
  accused: 'accused',
  denounced: 'denounced',
  victim: 'victim',
  witness: 'witness',
  prisoner: 'prisoner',
  emergency_detained: 'emergency_detained',
  diversion: 'diversion',
};

interface IntakeData {
  /** Answers by field id, and what follows from them. */
  values: Record<string, unknown>;
  /** Eligibility facts from the whole conversation (later statements override earlier ones). */
  facts: Facts;
  candidates?: Candidate[];
  addressTries?: number;
  /** Set while an answer is being changed from the summary. */
  editing?: boolean;
  [key: string]: unknown;
}

type Read =
  | { values: Record<string, unknown>; facts?: Facts; say?: string[]; next?: SubStep | string }
  | { retry: string }
  | { end: string };

export interface IntakeDeps {
  desk: Desk;
  resolver: AddressResolver | undefined;
  checker: EligibilityChecker;
  directory: BranchDirectory;
}

export class IntakeFlow implements Flow {
  readonly id = 'intake';

  constructor(private readonly deps: IntakeDeps) {}

  async enter(ctx: FlowContext, data?: Record<string, unknown>): Promise<FlowResult> {
    const facts = (data?.facts as Facts | undefined) ?? {};
    const values: Record<string, unknown> = {};
    if (Object.keys(facts).length > 0) values.eligibilityKnown = 'yes';
    // An age said in the eligibility check answers the year of birth.
    if (typeof facts.age === 'number') values.birthYear = Number(ctx.today.slice(0, 4)) - facts.age;
    // "gửi yêu cầu cho mẹ tôi" typed to open the form already says whom it is for: not asked again.
    const opening = ctx.message.choice ? undefined : findRequester(ctx.text);
    if (opening?.forWhom === 'other' && opening.label) Object.assign(values, this.forSomeoneElse(opening));
    const start: IntakeData = { values, facts };
    return this.go(ctx, start, 'consent');
  }

  hasWork(state: Snapshot): boolean {
    const values = (state.data as IntakeData).values ?? {};
    return Object.keys(values).some((k) => k !== 'consent' && k !== 'eligibilityKnown');
  }

  prompt(ctx: FlowContext): Reply[] {
    return [this.ask(ctx.state.step, ctx, ctx.state.data as IntakeData)];
  }

  /** A word that picks one of the pending question's choices ("dung" → "đúng" at the summary) is ours. */
  claims(ctx: FlowContext): boolean {
    const step = ctx.state.step;
    const field = step === 'summary' ? { id: 'summary', choices: this.confirmChoices() } : FIELD.get(step);
    if (!field || field.choices.length === 0) return false;
    const picked = this.pick(ctx, field.id, field.choices);
    // "hủy" typed at the summary is left to the core, which asks before dropping the request.
    return picked !== undefined && !(step === 'summary' && picked === 'cancel');
  }

  async answer(ctx: FlowContext): Promise<FlowResult> {
    const step = ctx.state.step;
    const data = ctx.state.data as IntakeData;
    if (step === 'summary') return this.confirm(ctx, data);
    if (step === 'edit_which') {
      const editable = this.answered(data).filter((f) => f.edit);
      const picked = this.pick(ctx, step, editable.map((f) => ({ id: f.id, label: f.summary!, keywords: [] })));
      if (!picked) return this.retry(ctx, step, data, say.say('edit_which'));
      return this.go(ctx, { ...data, editing: true }, picked);
    }
    const read = this.read(step, ctx, data);
    if ('end' in read) return { kind: 'done', replies: [{ text: read.end }] };
    if ('retry' in read) return this.retry(ctx, step, data, read.retry);
    let next: IntakeData = { ...data, values: { ...data.values, ...read.values }, facts: mergeFacts(data.facts, read.facts) };
    next = this.alsoSaid(ctx, step, next);
    const target = read.next ?? (next.editing ? 'summary' : this.nextField(next, ctx));
    if (target === 'summary') next = { ...next, editing: false };
    return this.go(ctx, next, target, read.say);
  }

  /** The first field that applies and has no answer yet, or the summary. */
  private nextField(data: IntakeData, ctx: FlowContext): string {
    const values = this.derived(data, ctx);
    for (const f of FORM) if (values[f.id] === undefined && applies(f, values)) return f.id;
    return 'summary';
  }

  /** The answers, with what follows from them for `when` conditions. */
  private derived(data: IntakeData, _ctx: FlowContext): Record<string, unknown> {
    const v = data.values;
    const phoneForContact = (typeof v.phone === 'string' && v.phone !== '') || (typeof v.requesterPhone === 'string' && v.requesterPhone !== '') ? 'yes' : undefined;
    return { ...v, phoneForContact };
  }

  /** Fields answered so far that are shown in the summary, in form order. */
  private answered(data: IntakeData): FormField[] {
    return FORM.filter((f) => f.summary && data.values[f.id] !== undefined && applies(f, this.derived(data, undefined as never)));
  }

  /**
   * What else a message says besides the answer to the question: eligibility facts, a year of birth
   * ("bà 75 tuổi"), a trial date, the role in a criminal case, the field of the matter. A value is
   * taken only for a field not answered yet.
   */
  private alsoSaid(ctx: FlowContext, step: string, data: IntakeData): IntakeData {
    const text = ctx.text;
    if (ctx.message.choice || syllables(text).length < 2) return data;
    const values = { ...data.values };
    const facts: Facts = mergeFacts(data.facts, extractFacts(text, ctx.today));
    delete facts.age;
    if (values.birthYear === undefined && step !== 'birthYear' && step !== 'consent') {
      const age = findAge(text, ctx.today);
      if (age) values.birthYear = age.birthYear;
    }
    if (step === 'description') {
      const date = findDate(text, ctx.today);
      if (values.deadline === undefined && date && date >= ctx.today) values.deadline = date;
      const role = findCriminalRole(text);
      if (values.criminalRole === undefined && role) values.criminalRole = role;
      // Someone in custody ("tạm giam", "tạm giữ") is held: urgent, whatever the role's name.
      if (matchChoice(text, CUSTODY, { numbers: false })) values.criminalRole = 'arrested';
      // A criminal case decides the field, whatever family words the story has ("gia đình cần luật sư").
      if (values.criminalRole !== undefined && values.field === undefined) values.field = 'hinh_su';
      if (values.field === undefined) {
        // The field's own words in the story ("ly hôn", "sổ đỏ") decide; else the classifier, when sure.
        const fieldChoices = FIELD.get('field')!.choices.filter((c) => c.id !== 'khac');
        const named = matchChoice(text, fieldChoices.map((c) => ({ id: c.id, label: c.label, keywords: c.keywords })), { numbers: false });
        const guess = named ? undefined : questionFields().classify(text);
        const known = guess && fieldChoices.some((c) => c.id === guess.id);
        if (named) values.field = named.id;
        else if (guess && known && guess.score >= FIELD_GUESS.score && guess.margin >= FIELD_GUESS.margin) values.field = guess.id;
      }
    }
    return { ...data, values, facts };
  }

  /** Reads the answer to one step. */
  private read(step: string, ctx: FlowContext, data: IntakeData): Read {
    switch (step) {
      case 'address_choice':
        return this.readAddressChoice(ctx, data);
      case 'out_of_area':
        return this.readOutOfArea(ctx, data);
      case 'deadline_date':
        return this.readDate(ctx, data, true);
    }
    const field = FIELD.get(step);
    if (!field) return { retry: say.say('not_understood') };
    const text = ctx.text;
    // A question typed instead of an answer is not an answer (the core answers it, then asks again).
    const question = !ctx.message.choice && looksLikeQuestion(text);
    if (question && (field.read === 'name' || field.read === 'age' || field.read === 'requester' || field.read === 'address')) return { retry: say.say('not_understood') };
    if (question && field.read === 'text' && syllables(text).length < 15 && aboutLegalAid(text)) return { retry: say.say('not_understood') };
    switch (field.read) {
      case 'choice': {
        const picked = this.pickChoice(ctx, field);
        if (!picked) {
          if (field.id === 'field' && BUSINESS.some((b) => ` ${fold(text)} `.includes(` ${b} `))) return { retry: say.say('field_business') };
          // "nhà em hộ nghèo", "ko có sổ nghèo": the facts said answer which group, in the person's words.
          if (field.id === 'group' && !ctx.message.choice && !endsAsking(text)) {
            const stated = extractFacts(text, ctx.today);
            const group = groupStated(stated);
            if (group !== undefined) return { values: { group: String(group) }, facts: { ...(REQUEST_GROUPS[group]!.facts as Facts), ...stated } };
          }
          return { retry: say.say('not_understood') };
        }
        if (field.id === 'consent' && picked.id === 'no') return { end: say.say('no_consent', { hotline: hotlineAt(ctx.today).number }) };
        if (field.id === 'group') return { values: { group: picked.id }, facts: REQUEST_GROUPS[Number(picked.id)]!.facts as Facts };
        return { values: { [field.id]: picked.id } };
      }
      case 'requester': {
        const picked = this.pickChoice(ctx, field);
        const found = ctx.message.choice ? undefined : findRequester(text);
        const forWhom = found?.forWhom ?? (picked?.id as 'self' | 'other' | undefined);
        if (!forWhom) return { retry: say.say('not_understood') };
        return { values: forWhom === 'other' && found?.label ? this.forSomeoneElse(found) : { forWhom } };
      }
      case 'name': {
        const name = findName(text) ?? bareName(text);
        if (!name) return { retry: say.say('name_invalid') };
        return { values: { [field.id]: name } };
      }
      case 'age': {
        const age = findAge(text, ctx.today);
        if (!age) return { retry: say.say('birth_year_invalid') };
        return { values: { birthYear: age.birthYear } };
      }
      case 'phone': {
        const none = this.pickChoice(ctx, field);
        const phone = none ? undefined : (findPhone(text) ?? normalizePhone(text));
        if (phone) return { values: { [field.id]: phone } };
        if (none) return { values: { [field.id]: '' } };
        return { retry: say.say('phone_invalid') };
      }
      case 'address':
        return this.readAddress(ctx, data);
      case 'text': {
        const description = nfc(text);
        if (description.length < 10) return { retry: say.say('description_short') };
        return { values: { description: cutText(description, 2000, '') } };
      }
      case 'date':
        return this.readDate(ctx, data, false);
      case 'criminal_role': {
        const picked = this.pickChoice(ctx, field);
        const role = picked?.id ?? (ctx.message.choice ? undefined : findCriminalRole(text));
        if (!role) return { retry: say.say('not_understood') };
        return { values: { criminalRole: role } };
      }
    }
  }

  private readAddress(ctx: FlowContext, data: IntakeData): Read {
    const addressText = nfc(ctx.text).slice(0, 300);
    const tries = (data.addressTries ?? 0) + 1;
    const resolution = this.deps.resolver?.resolve(addressText, { preferProvince: this.homeProvince() });
    // What was typed is kept whatever is found: the hamlet and an old commune name matter to staff.
    const base = { address: addressText, addressText, hamlet: resolution?.hamlet ?? null, oldUnit: resolution?.oldUnit?.name ?? null };
    if (resolution?.commune) {
      const province = resolution.province!;
      const found = { ...base, communeCode: resolution.commune.code, communeName: resolution.commune.name, provinceCode: province.code, provinceName: province.name };
      const said = [say.say('address_found', { commune: resolution.commune.name, province: province.name })];
      if (this.deps.directory.areaOf(resolution) === 'outside') return { values: found, say: said, next: 'out_of_area' };
      return { values: found, say: said };
    }
    if (resolution && resolution.candidates.length > 0) {
      data.candidates = resolution.candidates.slice(0, 9);
      return { values: { ...base, pendingCandidates: resolution.candidates.slice(0, 9), candidateQuestion: resolution.question }, next: 'address_choice' };
    }
    if (tries < 2 && addressText.length > 0) {
      data.addressTries = tries;
      return { retry: say.say('address_retry') };
    }
    // Second try without a commune: keep what was typed; staff will ask.
    const province = resolution?.province ?? null;
    const values = { ...base, communeCode: null, communeName: null, provinceCode: province?.code ?? null, provinceName: province?.name ?? null };
    if (province && province.code !== this.homeProvince()) return { values, say: [say.say('address_kept')], next: 'out_of_area' };
    return { values, say: [say.say('address_kept')] };
  }

  private readAddressChoice(ctx: FlowContext, data: IntakeData): Read {
    const candidates = (data.values.pendingCandidates as Candidate[] | undefined) ?? [];
    const options = [...candidates.map((c) => ({ id: c.code, label: candidateLabel(c), keywords: [c.name] })), { id: 'none', label: say.say('address_none_of_these'), keywords: [] }];
    const picked = this.pick(ctx, 'address_choice', options);
    if (!picked) return { retry: say.say('address_choose') };
    if (picked === 'none') return { values: { pendingCandidates: undefined, address: undefined }, next: 'address', say: [say.say('address_retry')] };
    const c = candidates.find((x) => x.code === picked)!;
    const commune = this.deps.resolver?.units.commune(c.code);
    const provinceCode = commune?.provinceCode ?? null;
    const values = { pendingCandidates: undefined, candidateQuestion: undefined, communeCode: c.code, communeName: c.name, provinceCode, provinceName: c.province };
    const said = [say.say('address_found', { commune: c.name, province: c.province })];
    if (provinceCode && provinceCode !== this.homeProvince()) return { values, say: said, next: 'out_of_area' };
    return { values, say: said };
  }

  /** Another province: is the matter in ours (Điều 26 lets the centre help then)? Otherwise refer. */
  private readOutOfArea(ctx: FlowContext, data: IntakeData): Read {
    const options: FormChoice[] = [
      { id: 'here', helped: [], label: say.say('out_of_area_yes', { province: this.homeProvinceName() }), keywords: ['có', 'ở đây', 'ở tỉnh này'], intent: 'affirm' },
      { id: 'there', label: say.say('out_of_area_no'), keywords: ['không', 'ở tỉnh khác', 'ở đó'], intent: 'deny', helped: [] },
    ];
    const picked = this.pickChoice(ctx, { id: 'out_of_area', choices: options } as FormField);
    if (!picked) return { retry: say.say('not_understood') };
    if (picked.id === 'here') return { values: { matterInProvince: true, referral: null } };
    const code = String(data.values.provinceCode ?? '');
    const referral = referralFor(code, ctx.today);
    if (!referral) return { values: { matterInProvince: false, referral: null } };
    return {
      values: { matterInProvince: false, referral: { provinceCode: code, provinceName: referral.provinceName, centre: referral.centre } },
      say: [referral.message, say.say('referral_recorded')],
    };
  }

  private readDate(ctx: FlowContext, _data: IntakeData, askedForDate: boolean): Read {
    const field = FIELD.get('deadline')!;
    if (!askedForDate) {
      const none = this.pickChoice(ctx, field);
      if (none) return { values: { deadline: null, urgent: false } };
      if (!ctx.message.choice && /^(co|có|có ạ|co a|dạ có|da co)$/u.test(ctx.text.toLowerCase())) return { values: {}, next: 'deadline_date' };
    }
    const date = parseDateInput(ctx.text, ctx.today) ?? findDate(ctx.text, ctx.today);
    if (!date) return { retry: say.say(askedForDate ? 'deadline_invalid' : 'deadline') };
    // "20/11" typed on 21/11 is yesterday, not next year's 20/11: a date with no year that lands
    // more than ten months ahead was meant in the past.
    const noYear = !/\d{4}|\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{2}/u.test(ctx.text) && !/năm|nam/iu.test(ctx.text);
    const farAhead = Date.parse(`${date}T00:00:00Z`) - Date.parse(`${ctx.today}T00:00:00Z`) > 300 * 86_400_000;
    if (date < ctx.today || (noYear && farAhead)) return { retry: say.say('deadline_past') };
    return { values: { deadline: date, urgent: this.deps.desk.isUrgent(date) } };
  }

  /** The summary's choices: "đúng", "ok", "gửi đi", "1" send; "sửa" edits; "hủy" drops. */
  private confirmChoices(): FormChoice[] {
    return [
      { id: 'send', helped: [], label: say.say('confirm_send'), keywords: ['gửi', 'gửi đi', 'đồng ý', 'xác nhận', 'ok', 'đúng', 'đúng rồi', 'chuẩn', 'được', 'đúng hết rồi'], intent: 'affirm' },
      { id: 'edit', helped: [], label: say.say('confirm_edit'), keywords: ['sửa', 'chỉnh sửa', 'thay đổi', 'sai', 'chưa đúng', 'sửa lại'], intent: 'deny' },
      { id: 'cancel', helped: [], label: say.say('confirm_cancel'), keywords: ['hủy', 'huỷ', 'không gửi'], intent: 'cancel' },
    ];
  }

  private async confirm(ctx: FlowContext, data: IntakeData): Promise<FlowResult> {
    let picked = this.pickChoice(ctx, { id: 'summary', choices: this.confirmChoices() } as FormField)?.id;
    // "khoan, sđt sai, số đúng là 0987…": a word of "đúng" inside a correction never sends the request.
    if (picked === 'send' && !ctx.message.choice && correctsSomething(ctx.text)) picked = 'edit';
    if (picked === 'edit') {
      // "sửa năm sinh": straight to that answer.
      const editable = this.answered(data).filter((f) => f.edit);
      const named = ctx.message.choice ? undefined : matchChoice(ctx.text, editable.map((f) => ({ id: f.id, label: f.summary! })), { numbers: false });
      return named ? this.go(ctx, { ...data, editing: true }, named.id) : this.go(ctx, data, 'edit_which');
    }
    if (picked === 'cancel') return { kind: 'done', replies: [] };
    if (picked !== 'send') return this.retry(ctx, 'summary', data, say.say('confirm_again'));
    const { draft } = this.complete(ctx, data);
    const ticket = await this.deps.desk.file(draft, { channel: ctx.message.channel, chatId: ctx.message.chatId, userId: ctx.message.userId });
    const target = this.deps.directory.target(ticket.branchId) ?? this.deps.directory.centre;
    const urgent = ticket.urgent ? say.say('submitted_urgent') : '';
    const lines = draft.referral
      ? [say.say('submitted_referred', { number: ticket.number, centre: draft.referral.centre, urgent })]
      : [say.say('submitted', { number: ticket.number, target: target.name, urgent })];
    return { kind: 'done', replies: [{ text: lines.join('\n') }] };
  }

  /** The request as filed, with the eligibility check run on every fact gathered, and that check. */
  private complete(ctx: FlowContext, data: IntakeData): { draft: TicketDraft; result: CheckResult } {
    const v = data.values;
    const facts: Facts = { ...data.facts };
    // The role in a criminal case, however it was given (a button, a number, the story).
    const role = ROLE_FACT[String(v.criminalRole ?? '')];
    if (role) facts.criminalRole = role;
    // The year of birth given in the form decides the age (it may have been corrected with "sửa").
    if (typeof v.birthYear === 'number') facts.age = Number(ctx.today.slice(0, 4)) - v.birthYear;
    const result = this.deps.checker.checkFromFacts([facts, { commune: (v.communeName as string | null) ?? undefined }], ctx.today);
    const detained = v.criminalRole === 'arrested';
    const deadline = (v.deadline as string | null | undefined) ?? null;
    const phone = (v.phone as string | undefined) ?? '';
    const requesterPhone = (v.requesterPhone as string | undefined) ?? '';
    const draft: TicketDraft = {
      forWhom: (v.forWhom as 'self' | 'other' | undefined) ?? 'self',
      fullName: (v.fullName as string | undefined) ?? '',
      birthYear: (v.birthYear as number | undefined) ?? 0,
      phone,
      addressText: (v.addressText as string | undefined) ?? '',
      provinceCode: (v.provinceCode as string | null | undefined) ?? null,
      communeCode: (v.communeCode as string | null | undefined) ?? null,
      communeName: (v.communeName as string | null | undefined) ?? null,
      facts,
      eligibility: result.status === 'eligible' ? `eligible (${result.groups.map((g) => g.clause).join(', ')})` : result.status,
      field: (v.field as string | undefined) ?? 'khac',
      description: (v.description as string | undefined) ?? '',
      deadline,
      // Someone held by the police is helped at once (TT 12/2018/TT-BTP Điều 6: thụ lý ngay).
      urgent: Boolean(v.urgent) || detained || (deadline !== null && this.deps.desk.isUrgent(deadline)),
      contact: phone === '' && requesterPhone === '' ? 'message' : ((v.contact as 'call' | 'message' | undefined) ?? 'call'),
      criminalRole: (v.criminalRole as string | undefined) ?? null,
      referral: (v.referral as TicketDraft['referral']) ?? null,
    };
    if (draft.forWhom === 'other') {
      draft.requester = {
        name: (v.requesterName as string | undefined) ?? '',
        relation: FIELD.get('requesterRelation')!.choices.find((c) => c.id === v.requesterRelation)?.label ?? String(v.requesterRelation ?? ''),
        phone: requesterPhone === '' ? null : requesterPhone,
      };
    }
    return { draft, result };
  }

  private summaryText(ctx: FlowContext, data: IntakeData): string {
    const { draft, result } = this.complete(ctx, data);
    const lines = [say.say('summary_head')];
    for (const f of this.answered(data)) lines.push(`• ${f.summary}: ${this.shown(f, data)}`);
    const eligibility =
      result.status === 'eligible'
        ? say.say('eligibility_eligible', { groups: result.groups.map((g) => g.label).join('; ') })
        : say.say(result.status === 'ineligible' ? 'eligibility_ineligible' : 'eligibility_more_info');
    lines.push(say.say('summary_eligibility', { eligibility }));
    if (draft.referral) lines.push(say.say('summary_referral', { centre: draft.referral.centre }));
    if (draft.urgent) lines.push(say.say('summary_urgent'));
    return lines.join('\n');
  }

  /** How an answer reads in the summary. */
  private shown(f: FormField, data: IntakeData): string {
    const v = data.values[f.id];
    if (f.id === 'address') {
      const commune = data.values.communeName ? ` (${data.values.communeName}${data.values.provinceName ? `, ${data.values.provinceName}` : ''})` : '';
      return `${data.values.addressText ?? ''}${commune}`;
    }
    if (f.id === 'forWhom' && v === 'other' && data.values.helpedRelation) return `${f.choices.find((c) => c.id === v)!.label.replace(/\s*\(.*\)$/u, '')} (${data.values.helpedRelation})`;
    if (f.id === 'field') return fieldLabel(String(v));
    if (f.read === 'phone') return v === '' ? say.say('no_phone_value') : String(v);
    if (f.read === 'date') return v ? String(v).split('-').reverse().join('/') : say.say('none');
    if (f.choices.length > 0) return f.choices.find((c) => c.id === v)?.label ?? String(v);
    return String(v);
  }

  /** The question of a step, with its choices. */
  private ask(step: string, ctx: FlowContext, data: IntakeData): Reply {
    const c = (items: Array<{ id: string; label: string }>): Choice[] => items.map((x) => ({ id: `intake:${step}:${x.id}`, label: x.label }));
    switch (step) {
      case 'address_choice': {
        const candidates = (data.values.pendingCandidates as Candidate[] | undefined) ?? [];
        const question = typeof data.values.candidateQuestion === 'string' ? data.values.candidateQuestion : say.say('address_choose');
        return { text: question, choices: c([...candidates.map((x) => ({ id: x.code, label: candidateLabel(x) })), { id: 'none', label: say.say('address_none_of_these') }]) };
      }
      case 'out_of_area':
        return {
          text: say.say('out_of_area', { province: String(data.values.provinceName ?? ''), home: this.homeProvinceName() }),
          choices: c([{ id: 'here', label: say.say('out_of_area_yes', { province: this.homeProvinceName() }) }, { id: 'there', label: say.say('out_of_area_no') }]),
        };
      case 'deadline_date':
        return { text: say.say('deadline_date') };
      case 'summary':
        return {
          text: this.summaryText(ctx, data),
          choices: c([{ id: 'send', label: say.say('confirm_send') }, { id: 'edit', label: say.say('confirm_edit') }, { id: 'cancel', label: say.say('confirm_cancel') }]),
        };
      case 'edit_which':
        return { text: say.say('edit_which'), choices: c(this.answered(data).filter((f) => f.edit).map((f) => ({ id: f.id, label: f.summary! }))) };
    }
    const field = FIELD.get(step);
    if (!field) return { text: say.say('not_understood') };
    const other = data.values.forWhom === 'other';
    const key = other && (field.ask === 'full_name' || field.ask === 'phone') ? (`${field.ask}_other` as const) : field.ask;
    let text = say.say(key as 'consent', { relation: String(data.values.helpedRelation ?? 'người cần giúp') });
    if (field.id === 'criminalRole' && typeof data.values.birthYear === 'number') text = say.say('criminal_role');
    return field.choices.length > 0 ? { text, choices: c(field.choices) } : { text };
  }

  /** The answers "cho mẹ tôi" gives: for someone else, the mother, and so the writer is her child. */
  private forSomeoneElse(found: NonNullable<ReturnType<typeof findRequester>>): Record<string, unknown> {
    const values: Record<string, unknown> = { forWhom: 'other', helpedRelation: found.label };
    const requester = found.relation ? FIELD.get('requesterRelation')?.choices.find((c) => c.helped.includes(found.relation!)) : undefined;
    if (requester) values.requesterRelation = requester.id;
    return values;
  }

  private go(ctx: FlowContext, data: IntakeData, step: string, before: string[] = []): FlowResult {
    return { kind: 'next', step, data, replies: [...before.map((text) => ({ text })), this.ask(step, ctx, data)] };
  }

  private retry(ctx: FlowContext, step: string, data: IntakeData, text: string): FlowResult {
    const question = this.ask(step, ctx, data);
    // The address retry count is part of the data: keep it.
    return { kind: 'stay', notUnderstood: true, data, replies: [{ text, choices: question.choices }] };
  }

  /** Which choice a message picks: a pressed button, a number, its words, or a message of its intent. */
  private pickChoice(ctx: FlowContext, field: Pick<FormField, 'id' | 'choices'>): FormChoice | undefined {
    const id = this.pick(ctx, field.id, field.choices);
    if (id) return field.choices.find((c) => c.id === id);
    if (ctx.message.choice) return undefined;
    const withIntent = field.choices.filter((c) => c.intent);
    if (withIntent.length === 0 || syllables(ctx.text).length > 8) return undefined;
    if (looksLikeQuestion(ctx.text)) return undefined;
    const intent = intents().classify(ctx.text);
    return intent ? withIntent.find((c) => c.intent === intent.id) : undefined;
  }

  private pick(ctx: FlowContext, step: string, options: Array<{ id: string; label: string; keywords?: string[] }>): string | undefined {
    // "hộ nghèo là gì vậy?" asks about a choice; it does not choose it.
    const mode = !ctx.message.choice && looksLikeQuestion(ctx.text) ? 'whole' : 'contains';
    const pressed = ctx.message.choice;
    if (pressed?.startsWith('intake:')) {
      const rest = pressed.slice('intake:'.length);
      const id = rest.startsWith(`${step}:`) ? rest.slice(step.length + 1) : rest;
      // A button of an earlier question is not an answer to this one.
      if (rest.includes(':') && !rest.startsWith(`${step}:`)) return undefined;
      return options.some((o) => o.id === id) ? id : undefined;
    }
    return matchChoice(ctx.text, options, { mode })?.id;
  }

  private homeProvince(): string {
    return this.deps.directory.data.centre.province;
  }

  private homeProvinceName(): string {
    return this.deps.resolver?.units.province(this.homeProvince())?.name ?? this.deps.directory.centre.name;
  }
}

/** Words that say something in the summary is wrong or must wait ("khoan", "sai", "nhầm", "chưa"). */
const CORRECTION = /\b(sai|sua|khoan|nham|chua|chinh|doi|lai|them|bot|khong dung|ko dung|k dung)\b/u;

/** Whether a reply to the summary corrects it (a correction word, or new figures such as a number). */
function correctsSomething(text: string): boolean {
  const folded = fold(text);
  return CORRECTION.test(folded) || /\d{3}/u.test(text.replace(/[\s.-]/gu, ''));
}

/** A place in a choice list ("Xã Tân Phong, Tỉnh Sơn La (nơi có Xã Tân Phong cũ…)"). */
function candidateLabel(c: Candidate): string {
  return c.label ?? `${c.name}, ${c.province}`;
}

/** A name typed alone: letters, spaces and a few marks, 2–80 characters; all-lower-case words get capitals. */
function bareName(text: string): string | undefined {
  const name = nfc(text);
  if (name.length < 2 || name.length > 80 || !/^[\p{L}][\p{L}\p{M}' .-]*$/u.test(name)) return undefined;
  if (syllables(name).length < 2) return undefined;
  return name === name.toLowerCase() ? name.replace(/(^|\s)(\p{L})/gu, (_m, s: string, l: string) => s + l.toUpperCase()) : name;
}

/**
 * The request group ("Người cần giúp thuộc trường hợp nào?") the facts a person typed state: the first
 * group all of whose facts they state; "không có sổ hộ nghèo" alone, the last one (none of these).
 */
export function groupStated(stated: Facts): number | undefined {
  const last = REQUEST_GROUPS.length - 1;
  const index = REQUEST_GROUPS.findIndex((g, i) => i < last && Object.keys(g.facts).length > 0 && Object.entries(g.facts).every(([k, v]) => stated[k as keyof Facts] === v));
  if (index >= 0) return index;
  return stated.household === 'none' ? last : undefined;
}
