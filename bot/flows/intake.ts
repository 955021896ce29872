/**
 * "Gửi yêu cầu trợ giúp pháp lý": consent first, then one short question at a time (for whom,
 * name, year of birth, phone, address, eligibility, field, what happened, deadline, contact), each
 * answer checked with a clear re-ask; a summary to confirm, with "sửa" to change any answer; the
 * ticket is filed, routed to the branch of the person's commune, and its number given.
 * Facts from an eligibility check done just before are carried over.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { matchChoice } from '../../lib/choice-matcher.ts';
import { loadMessages } from '../../lib/messages.ts';
import { fold, nfc } from '../../lib/text.ts';
import type { CheckResult } from '../../intake/eligibility/check.ts';
import type { EligibilityChecker } from '../../intake/eligibility/checker.ts';
import type { Facts } from '../../intake/eligibility/facts.ts';
import { hotlineAt } from '../../intake/hotline.ts';
import { parseDateInput } from '../../intake/request/date-input.ts';
import { normalizePhone } from '../../intake/request/phone.ts';
import type { AddressResolver, Candidate } from '../../intake/routing/address-resolver.ts';
import type { Desk } from '../../intake/tickets/desk.ts';
import { fieldLabel, REQUEST_FIELDS } from '../../intake/tickets/fields.ts';
import type { TicketDraft } from '../../intake/tickets/ticket.ts';
import type { BranchDirectory } from '../../intake/routing/directory.ts';
import type { Flow, FlowContext, FlowResult } from '../flow.ts';
import type { Choice, Reply } from '../message.ts';

const say = loadMessages(new URL('./intake.vi.yaml', import.meta.url), [
  'consent', 'consent_yes', 'consent_no', 'no_consent', 'for_whom', 'for_self', 'for_other', 'full_name', 'full_name_invalid',
  'birth_year', 'birth_year_invalid', 'phone', 'phone_invalid', 'address', 'address_retry', 'address_kept', 'address_found',
  'address_choose', 'address_none_of_these', 'group', 'field', 'field_business', 'description', 'description_short', 'deadline',
  'deadline_none', 'deadline_yes', 'deadline_date', 'deadline_invalid', 'deadline_past', 'contact', 'contact_call',
  'contact_message', 'summary', 'summary_urgent', 'confirm_send', 'confirm_edit', 'confirm_cancel', 'edit_which', 'submitted',
  'submitted_urgent', 'eligibility_eligible', 'eligibility_more_info', 'eligibility_ineligible', 'none',
]);

const GROUPS = z
  .array(z.strictObject({ label: z.string(), facts: z.record(z.string(), z.unknown()) }))
  .parse(parse(readFileSync(new URL('../../intake/request/groups.yaml', import.meta.url), 'utf8')));

const BUSINESS = ['kinh doanh', 'thuong mai', 'cong ty', 'doanh nghiep'];

type StepId =
  | 'consent' | 'for_whom' | 'full_name' | 'birth_year' | 'phone' | 'address' | 'address_choice' | 'group' | 'field'
  | 'description' | 'deadline' | 'deadline_date' | 'contact' | 'summary' | 'edit_which';

/** The order of the questions; "address_choice" and "deadline_date" come only when needed. */
const ORDER: StepId[] = ['consent', 'for_whom', 'full_name', 'birth_year', 'phone', 'address', 'group', 'field', 'description', 'deadline', 'contact', 'summary'];

/** The answers a person can change from the summary, and the step that asks each. */
const EDITABLE: Array<{ step: StepId; label: string }> = [
  { step: 'for_whom', label: 'Gửi cho ai' },
  { step: 'full_name', label: 'Họ tên' },
  { step: 'birth_year', label: 'Năm sinh' },
  { step: 'phone', label: 'Số điện thoại' },
  { step: 'address', label: 'Địa chỉ' },
  { step: 'group', label: 'Diện được trợ giúp' },
  { step: 'field', label: 'Lĩnh vực' },
  { step: 'description', label: 'Sự việc' },
  { step: 'deadline', label: 'Hạn/ngày xét xử' },
  { step: 'contact', label: 'Cách liên hệ' },
];

interface IntakeData {
  draft: Partial<TicketDraft>;
  /** Facts carried from an eligibility check (then the "group" question is skipped). */
  carriedFacts?: Facts;
  addressTries?: number;
  candidates?: Candidate[];
  editing?: boolean;
  [key: string]: unknown;
}

type StepResult = { data: IntakeData; next?: StepId; say?: string[] } | { retry: string };

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
    const facts = data?.facts as Facts | undefined;
    const start: IntakeData = { draft: {}, ...(facts && Object.keys(facts).length > 0 ? { carriedFacts: facts } : {}) };
    return { kind: 'next', step: 'consent', data: start, replies: [this.ask('consent', ctx, start)] };
  }

  prompt(ctx: FlowContext): Reply[] {
    return [this.ask(ctx.state.step as StepId, ctx, ctx.state.data as IntakeData)];
  }

  async answer(ctx: FlowContext): Promise<FlowResult> {
    const step = ctx.state.step as StepId;
    const data = ctx.state.data as IntakeData;
    if (step === 'summary') return this.confirm(ctx, data);
    if (step === 'consent') {
      const yes = this.pick(ctx, [{ id: 'yes', label: say.say('consent_yes'), keywords: ['co', 'dong y', 'ok', 'u', 'vang'] }, { id: 'no', label: say.say('consent_no'), keywords: ['khong'] }]);
      if (!yes) return this.retry(ctx, step, data, say.say('consent'));
      if (yes === 'no') return { kind: 'done', replies: [{ text: say.say('no_consent', { hotline: hotlineAt(ctx.today).number }) }] };
      return this.go(ctx, data, 'for_whom');
    }
    if (step === 'edit_which') {
      const picked = this.pick(ctx, EDITABLE.map((e) => ({ id: e.step, label: e.label })));
      if (!picked) return this.retry(ctx, step, data, say.say('edit_which'));
      return this.go(ctx, { ...data, editing: true }, picked as StepId);
    }
    const result = this.read(step, ctx, data);
    if ('retry' in result) return this.retry(ctx, step, data, result.retry);
    const next = result.next ?? (result.data.editing ? 'summary' : this.after(step, result.data));
    const done = next === 'summary' ? { ...result.data, editing: false } : result.data;
    return this.go(ctx, done, next, result.say);
  }

  /** Reads the answer to one step. */
  private read(step: StepId, ctx: FlowContext, data: IntakeData): StepResult {
    const draft = { ...data.draft };
    const text = ctx.text;
    switch (step) {
      case 'for_whom': {
        const picked = this.pick(ctx, [{ id: 'self', label: say.say('for_self'), keywords: ['ban than', 'toi', 'chinh toi', 'minh'] }, { id: 'other', label: say.say('for_other'), keywords: ['nguoi khac', 'nguoi than', 'bo', 'me', 'ong', 'ba', 'con'] }]);
        if (!picked) return { retry: say.say('for_whom') };
        return { data: { ...data, draft: { ...draft, forWhom: picked as 'self' | 'other' } } };
      }
      case 'full_name': {
        const name = nfc(text);
        if (name.length < 2 || name.length > 80 || !/^[\p{L}][\p{L}\p{M}' .-]*$/u.test(name)) return { retry: say.say('full_name_invalid') };
        return { data: { ...data, draft: { ...draft, fullName: name } } };
      }
      case 'birth_year': {
        const year = Number(ctx.today.slice(0, 4));
        const m = /^(?:nam\s+)?(\d{1,4})(?:\s*tuoi)?$/u.exec(fold(text));
        if (!m) return { retry: say.say('birth_year_invalid') };
        const n = Number(m[1]);
        const born = n >= 1900 && n <= year ? n : n < 130 && !/^\d{4}$/u.test(m[1]!) ? year - n : undefined;
        if (born === undefined) return { retry: say.say('birth_year_invalid') };
        return { data: { ...data, draft: { ...draft, birthYear: born } } };
      }
      case 'phone': {
        const phone = normalizePhone(text);
        if (!phone) return { retry: say.say('phone_invalid') };
        return { data: { ...data, draft: { ...draft, phone } } };
      }
      case 'address':
        return this.readAddress(text, data, draft);
      case 'address_choice': {
        const options = [...(data.candidates ?? []).map((c) => ({ id: c.code, label: `${c.name}, ${c.province}` })), { id: 'none', label: say.say('address_none_of_these') }];
        const picked = this.pick(ctx, options);
        if (!picked) return { retry: say.say('address_choose') };
        if (picked === 'none') return { data: { ...data, candidates: undefined }, next: 'address', say: [say.say('address_retry')] };
        const c = data.candidates!.find((x) => x.code === picked)!;
        const commune = this.deps.resolver?.units.commune(c.code);
        return {
          data: { ...data, candidates: undefined, draft: { ...draft, communeCode: c.code, communeName: c.name, provinceCode: commune?.provinceCode ?? null } },
          next: data.editing ? 'summary' : this.after('address', data),
          say: [say.say('address_found', { commune: c.name, province: c.province })],
        };
      }
      case 'group': {
        const picked = this.pick(ctx, GROUPS.map((g, i) => ({ id: String(i), label: g.label })));
        if (!picked) return { retry: say.say('group') };
        const group = GROUPS[Number(picked)]!;
        return { data: { ...data, draft: { ...draft, facts: group.facts as Facts } } };
      }
      case 'field': {
        const folded = ` ${fold(text)} `;
        const picked = this.pick(ctx, REQUEST_FIELDS.map((f) => ({ id: f.id, label: f.label, keywords: f.keywords })));
        if (!picked) return { retry: BUSINESS.some((b) => folded.includes(` ${b} `)) ? say.say('field_business') : say.say('field') };
        return { data: { ...data, draft: { ...draft, field: picked } } };
      }
      case 'description': {
        const description = nfc(text);
        if (description.length < 10) return { retry: say.say('description_short') };
        return { data: { ...data, draft: { ...draft, description: description.slice(0, 2000) } } };
      }
      case 'deadline': {
        const picked = this.pick(ctx, [{ id: 'none', label: say.say('deadline_none'), keywords: ['khong', 'chua co'] }, { id: 'yes', label: say.say('deadline_yes'), keywords: ['co'] }]);
        if (!picked) {
          const date = parseDateInput(text, ctx.today);
          if (date) return this.readDeadline(text, ctx, data, draft);
          return { retry: say.say('deadline') };
        }
        if (picked === 'none') return { data: { ...data, draft: { ...draft, deadline: null, urgent: false } } };
        return { data, next: 'deadline_date' };
      }
      case 'deadline_date':
        return this.readDeadline(text, ctx, data, draft);
      case 'contact': {
        const picked = this.pick(ctx, [{ id: 'call', label: say.say('contact_call'), keywords: ['goi', 'dien thoai', 'goi dien'] }, { id: 'message', label: say.say('contact_message'), keywords: ['nhan tin', 'tin nhan', 'nhan'] }]);
        if (!picked) return { retry: say.say('contact') };
        return { data: { ...data, draft: { ...draft, contact: picked as 'call' | 'message' } } };
      }
      default:
        return { retry: this.ask(step, ctx, data).text };
    }
  }

  private readAddress(text: string, data: IntakeData, draft: Partial<TicketDraft>): StepResult {
    const addressText = nfc(text).slice(0, 300);
    const tries = (data.addressTries ?? 0) + 1;
    const resolution = this.deps.resolver?.resolve(addressText);
    const base = { ...draft, addressText };
    if (resolution?.commune) {
      const province = resolution.province!;
      return {
        data: { ...data, addressTries: 0, draft: { ...base, communeCode: resolution.commune.code, communeName: resolution.commune.name, provinceCode: province.code } },
        say: [say.say('address_found', { commune: resolution.commune.name, province: province.name })],
      };
    }
    if (resolution && resolution.candidates.length > 0) {
      return { data: { ...data, addressTries: tries, candidates: resolution.candidates.slice(0, 9), draft: base }, next: 'address_choice' };
    }
    if (tries < 2 && addressText.length > 0) return { retry: say.say('address_retry') };
    // Second try without a commune: keep what was typed; staff will ask.
    return {
      data: { ...data, addressTries: 0, draft: { ...base, communeCode: null, communeName: null, provinceCode: resolution?.province?.code ?? null } },
      say: [say.say('address_kept')],
    };
  }

  private readDeadline(text: string, ctx: FlowContext, data: IntakeData, draft: Partial<TicketDraft>): StepResult {
    const date = parseDateInput(text, ctx.today);
    if (!date) return { retry: say.say('deadline_invalid') };
    if (date < ctx.today) return { retry: say.say('deadline_past') };
    return { data: { ...data, draft: { ...draft, deadline: date, urgent: this.deps.desk.isUrgent(date) } }, next: data.editing ? 'summary' : 'contact' };
  }

  /** The step after `step`, skipping the eligibility question when a check was carried over. */
  private after(step: StepId, data: IntakeData): StepId {
    const from = step === 'address_choice' ? 'address' : step === 'deadline_date' ? 'deadline' : step;
    let next = ORDER[ORDER.indexOf(from) + 1] ?? 'summary';
    if (next === 'group' && data.carriedFacts) next = 'field';
    return next;
  }

  private async confirm(ctx: FlowContext, data: IntakeData): Promise<FlowResult> {
    const picked = this.pick(ctx, [
      { id: 'send', label: say.say('confirm_send'), keywords: ['gui', 'dong y', 'xac nhan', 'ok'] },
      { id: 'edit', label: say.say('confirm_edit'), keywords: ['sua', 'chinh sua', 'thay doi'] },
      { id: 'cancel', label: say.say('confirm_cancel'), keywords: ['huy'] },
    ]);
    if (picked === 'edit') return this.go(ctx, data, 'edit_which');
    if (picked === 'cancel') return { kind: 'done', replies: [] };
    if (picked !== 'send') return this.retry(ctx, 'summary', data, this.summaryText(ctx, data));
    const { draft } = this.complete(ctx, data);
    const ticket = await this.deps.desk.file(draft, { channel: ctx.message.channel, chatId: ctx.message.chatId, userId: ctx.message.userId });
    const target = this.deps.directory.target(ticket.branchId) ?? this.deps.directory.centre;
    const text = say.say('submitted', { number: ticket.number, target: target.name, urgent: ticket.urgent ? say.say('submitted_urgent') : '' });
    return { kind: 'done', replies: [{ text }] };
  }

  /** The draft with the eligibility check run on what is known, and that check's result. */
  private complete(ctx: FlowContext, data: IntakeData): { draft: TicketDraft; result: CheckResult } {
    const d = data.draft;
    const facts: Facts = { ...(data.carriedFacts ?? d.facts ?? {}) };
    // The year of birth given in the form decides the age (it may have been corrected with "sửa").
    if (d.birthYear) facts.age = Number(ctx.today.slice(0, 4)) - d.birthYear;
    const result = this.deps.checker.check({ ...facts, commune: d.communeName ?? undefined }, ctx.today);
    const draft: TicketDraft = {
      forWhom: d.forWhom ?? 'self',
      fullName: d.fullName ?? '',
      birthYear: d.birthYear ?? 0,
      phone: d.phone ?? '',
      addressText: d.addressText ?? '',
      provinceCode: d.provinceCode ?? null,
      communeCode: d.communeCode ?? null,
      communeName: d.communeName ?? null,
      facts,
      eligibility: result.status === 'eligible' ? `eligible (${result.groups.map((g) => g.clause).join(', ')})` : result.status,
      field: d.field ?? 'khac',
      description: d.description ?? '',
      deadline: d.deadline ?? null,
      urgent: d.urgent ?? false,
      contact: d.contact ?? 'call',
    };
    return { draft, result };
  }

  private summaryText(ctx: FlowContext, data: IntakeData): string {
    const { draft: d, result } = this.complete(ctx, data);
    const eligibility =
      result.status === 'eligible'
        ? say.say('eligibility_eligible', { groups: result.groups.map((g) => g.label).join('; ') })
        : say.say(result.status === 'ineligible' ? 'eligibility_ineligible' : 'eligibility_more_info');
    const text = say.say('summary', {
      forWhom: d.forWhom === 'self' ? say.say('for_self') : say.say('for_other'),
      fullName: d.fullName,
      birthYear: d.birthYear,
      phone: d.phone,
      address: d.communeName ? `${d.addressText} (${d.communeName})` : d.addressText,
      eligibility,
      field: fieldLabel(d.field),
      description: d.description,
      deadline: d.deadline ? d.deadline.split('-').reverse().join('/') : say.say('none'),
      contact: d.contact === 'call' ? say.say('contact_call') : say.say('contact_message'),
    });
    return d.urgent ? `${text}\n${say.say('summary_urgent')}` : text;
  }

  /** The question of a step, with its choices. */
  private ask(step: StepId, ctx: FlowContext, data: IntakeData): Reply {
    const c = (items: Array<[string, string]>): Choice[] => items.map(([id, label]) => ({ id: `intake:${id}`, label }));
    switch (step) {
      case 'consent':
        return { text: say.say('consent'), choices: c([['yes', say.say('consent_yes')], ['no', say.say('consent_no')]]) };
      case 'for_whom':
        return { text: say.say('for_whom'), choices: c([['self', say.say('for_self')], ['other', say.say('for_other')]]) };
      case 'address_choice':
        return {
          text: say.say('address_choose'),
          choices: c([...(data.candidates ?? []).map((x) => [x.code, `${x.name}, ${x.province}`] as [string, string]), ['none', say.say('address_none_of_these')]]),
        };
      case 'group':
        return { text: say.say('group'), choices: c(GROUPS.map((g, i) => [String(i), g.label])) };
      case 'field':
        return { text: say.say('field'), choices: c(REQUEST_FIELDS.map((f) => [f.id, f.label])) };
      case 'deadline':
        return { text: say.say('deadline'), choices: c([['none', say.say('deadline_none')], ['yes', say.say('deadline_yes')]]) };
      case 'contact':
        return { text: say.say('contact'), choices: c([['call', say.say('contact_call')], ['message', say.say('contact_message')]]) };
      case 'summary':
        return { text: this.summaryText(ctx, data), choices: c([['send', say.say('confirm_send')], ['edit', say.say('confirm_edit')], ['cancel', say.say('confirm_cancel')]]) };
      case 'edit_which':
        return { text: say.say('edit_which'), choices: c(EDITABLE.map((e) => [e.step, e.label])) };
      default:
        return { text: say.say(step as 'full_name') };
    }
  }

  private go(ctx: FlowContext, data: IntakeData, step: StepId, before: string[] = []): FlowResult {
    return { kind: 'next', step, data, replies: [...before.map((text) => ({ text })), this.ask(step, ctx, data)] };
  }

  private retry(ctx: FlowContext, step: StepId, data: IntakeData, text: string): FlowResult {
    const question = this.ask(step, ctx, data);
    return { kind: 'stay', replies: [{ text, choices: question.choices }] };
  }

  /** Which option a message picks: a pressed button, a number, or words. */
  private pick(ctx: FlowContext, options: Array<{ id: string; label: string; keywords?: string[] }>): string | undefined {
    if (ctx.message.choice?.startsWith('intake:')) {
      const id = ctx.message.choice.slice('intake:'.length);
      return options.some((o) => o.id === id) ? id : undefined;
    }
    return matchChoice(ctx.text, options)?.id;
  }
}
