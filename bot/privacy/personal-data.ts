/**
 * A person's rights over their data (Nghị định 13/2023/NĐ-CP; Luật Bảo vệ dữ liệu cá nhân 2025): to
 * know what is held about them, to have it exported, erased, and to withdraw their consent. The same
 * service answers the citizen in the chat (bot/flows/privacy.ts), staff in a staff chat (/dulieu,
 * /xoadulieu) and the operator on the command line (`tgpl person`), for a person who calls the
 * hotline.
 *
 * A person is found by their chat (the citizen themself), by a phone number or by a ticket number:
 * their tickets, and the conversations those tickets were filed from. Erasing deletes everything not
 * needed for an open case: the conversations (drafts, answers, history), the messages delivered to
 * them or about them, the ids of their messages, their closed handoffs; their closed tickets are
 * anonymised (the statistics stay). Open tickets are kept — staff are working on them — unless the
 * person withdraws their consent, which withdraws them first. Every read and erasure is recorded in
 * the access log before it happens.
 */
import type { Clock } from '../../lib/clock.ts';
import type { KeptMessage, Outbox } from '../../lib/outbox.ts';
import type { HandoffStore } from '../../intake/handoff/handoff-store.ts';
import type { AccessAction, AccessLog } from '../../intake/tickets/access-log.ts';
import { accessActorName, actorVia, type Actor, type Desk } from '../../intake/tickets/desk.ts';
import type { TicketStore } from '../../intake/tickets/ticket-store.ts';
import { FINAL_STATUSES, type Ticket, type TicketEvent } from '../../intake/tickets/ticket.ts';
import type { ConversationState, ConversationStore, Snapshot } from '../conversation-store.ts';
import type { Inbox } from '../delivery/inbox.ts';

/** A conversation: where a person wrote from. */
export interface Chat {
  channel: string;
  chatId: string;
}

/** A person as found: their tickets (not yet anonymised) and the conversations they used. */
export interface Person {
  chats: Chat[];
  tickets: Ticket[];
}

/** What a conversation holds, in kinds of data (not the values). */
export interface ConversationSummary extends Chat {
  updatedAt: string;
  /** It holds answers (a flow under way, or earlier steps to go back to), not just the menu. */
  holdsAnswers: boolean;
  /** Draft fields with an answer ("fullName", "phone", …; "facts" for what was said of the situation). */
  draftFields: string[];
}

/** What is held about a person. */
export interface PersonSummary {
  tickets: Array<{ ticket: Ticket; open: boolean }>;
  conversations: ConversationSummary[];
  /** Messages to them or about them still waiting to be delivered, and already delivered (kept for a while). */
  messages: { waiting: number; delivered: number };
  /** A conversation with staff still open ("gặp cán bộ"). */
  openHandoff: boolean;
}

/** Everything held about a person, opened: what an export writes. */
export interface PersonExport {
  exportedAt: string;
  tickets: Array<{ ticket: Ticket; events: TicketEvent[] }>;
  conversations: Array<Chat & { updatedAt: string; state: ConversationState }>;
  messages: KeptMessage[];
}

/** What an erasure did. */
export interface EraseResult {
  /** Closed tickets anonymised now. */
  anonymised: string[];
  /** Open tickets withdrawn first (consent withdrawn). */
  withdrawn: string[];
  /** Open tickets kept, with their data: staff are working on them. */
  keptOpen: string[];
  conversations: number;
  messages: number;
  /** A conversation with staff still open, kept until it ends. */
  keptOpenHandoff: boolean;
}

/** Draft answers that are personal data, in the order they are listed to the person. */
export const DRAFT_FIELDS = ['requesterName', 'requesterPhone', 'fullName', 'birthYear', 'phone', 'address', 'addressText', 'description', 'deadline', 'facts'] as const;

export interface PersonalDataDeps {
  conversations: ConversationStore;
  inbox: Inbox;
  outbox: Outbox;
  tickets: TicketStore;
  handoffs: HandoffStore;
  desk: Desk;
  access: AccessLog;
  clock: Clock;
}

export class PersonalData {
  constructor(private readonly deps: PersonalDataDeps) {}

  /** The citizen writing in a chat: the tickets of their account and of this chat, and this chat. */
  async ofCitizen(channel: string, chatId: string, userId: string): Promise<Person> {
    const { tickets } = this.deps;
    const found = new Map<number, Ticket>();
    for (const t of [...(await tickets.listForUser(channel, userId)), ...(await tickets.listForChat(channel, chatId))]) found.set(t.id, t);
    return { chats: [{ channel, chatId }], tickets: sortNewestFirst([...found.values()]) };
  }

  /**
   * A person who calls: the tickets (that `actor` may see) holding this phone number, and the chats
   * they were filed from with the other tickets filed there.
   */
  async byPhone(actor: Actor, phone: string): Promise<Person> {
    const direct = await this.deps.tickets.findByPhone(phone);
    return this.widen(actor, direct);
  }

  /** A person who gives a ticket number: that ticket (if `actor` may see it), its chat and that chat's tickets. */
  async byTicket(actor: Actor, number: string): Promise<Person> {
    const ticket = await this.deps.desk.ticket(actor, number);
    return this.widen(actor, [ticket]);
  }

  /** What is held about the person; the read is recorded first. */
  async describe(person: Person, actor: Actor): Promise<PersonSummary> {
    const { conversations, outbox, handoffs } = this.deps;
    return this.recorded(actor, actor.kind === 'citizen' ? 'subject_access' : 'person_show', person, async () => {
      const summaries: ConversationSummary[] = [];
      let waiting = 0;
      let delivered = 0;
      let openHandoff = false;
      for (const chat of person.chats) {
        const state = await conversations.load(chat.channel, chat.chatId);
        const updatedAt = await conversations.updatedAt(chat.channel, chat.chatId);
        if (state && updatedAt) {
          const fields = draftFields(state);
          summaries.push({ ...chat, updatedAt, holdsAnswers: state.flow !== 'menu' || state.history.length > 0 || fields.length > 0, draftFields: fields });
        }
        for (const m of await outbox.keptFor(chat.channel, chat.chatId)) {
          if (m.sentAt) delivered += 1;
          else waiting += 1;
        }
        if (await handoffs.active(chat.channel, chat.chatId)) openHandoff = true;
      }
      return {
        tickets: person.tickets.map((ticket) => ({ ticket, open: !FINAL_STATUSES.includes(ticket.status) })),
        conversations: summaries,
        messages: { waiting, delivered },
        openHandoff,
      };
    });
  }

  /** Everything held about the person, opened; recorded first. */
  async export(person: Person, actor: Actor): Promise<PersonExport> {
    const { conversations, outbox, tickets, clock } = this.deps;
    return this.recorded(actor, 'person_export', person, async () => {
      const out: PersonExport = { exportedAt: clock.now().toISOString(), tickets: [], conversations: [], messages: [] };
      for (const ticket of person.tickets) out.tickets.push({ ticket, events: await tickets.events(ticket.number) });
      for (const chat of person.chats) {
        const state = await conversations.load(chat.channel, chat.chatId);
        const updatedAt = await conversations.updatedAt(chat.channel, chat.chatId);
        if (state && updatedAt) out.conversations.push({ ...chat, updatedAt, state });
        out.messages.push(...(await outbox.keptFor(chat.channel, chat.chatId)));
      }
      return out;
    });
  }

  /**
   * Erases what is held about the person and not needed for an open case (see the top of this
   * file); with `withdrawConsent`, their open tickets are withdrawn first and erased too. One
   * transaction, recorded in the access log.
   */
  async erase(person: Person, actor: Actor, options: { withdrawConsent?: boolean } = {}): Promise<EraseResult> {
    const { conversations, inbox, outbox, tickets, handoffs, desk, clock } = this.deps;
    const action: AccessAction = actor.kind !== 'citizen' ? 'person_delete' : options.withdrawConsent ? 'consent_withdrawn' : 'subject_erase';
    return this.recorded(actor, action, person, async () => {
      const result: EraseResult = { anonymised: [], withdrawn: [], keptOpen: [], conversations: 0, messages: 0, keptOpenHandoff: false };
      const now = clock.now();
      const by = accessActorName(actor);
      for (const listed of person.tickets) {
        let ticket = listed;
        if (!FINAL_STATUSES.includes(ticket.status)) {
          if (!options.withdrawConsent) {
            result.keptOpen.push(ticket.number);
            continue;
          }
          ticket = await tickets.transition(ticket.number, 'withdrawn', by, 'người dân rút lại đồng ý xử lý dữ liệu', now);
          await desk.ticketWithdrawn(ticket);
          result.withdrawn.push(ticket.number);
        }
        await tickets.anonymise(ticket.number, by, now);
        result.anonymised.push(ticket.number);
      }
      for (const chat of person.chats) {
        if (await conversations.load(chat.channel, chat.chatId)) result.conversations += 1;
        await conversations.forget(chat.channel, chat.chatId);
        await inbox.forgetHandled(chat.channel, chat.chatId);
        result.messages += await outbox.forgetDelivered(chat.channel, chat.chatId);
        await handoffs.forgetClosed(chat.channel, chat.chatId);
        if (await handoffs.active(chat.channel, chat.chatId)) result.keptOpenHandoff = true;
      }
      // Nothing of theirs is open any more: what still waits to go to staff about them is not needed.
      if (result.keptOpen.length === 0 && !result.keptOpenHandoff) {
        for (const chat of person.chats) result.messages += await outbox.forgetPendingAbout(chat.channel, chat.chatId);
      }
      return result;
    });
  }

  /** Runs `work` in one transaction after recording the action on each of the person's tickets. */
  private recorded<T>(actor: Actor, action: AccessAction, person: Person, work: () => Promise<T>): Promise<T> {
    return this.deps.tickets.transaction(async () => {
      await this.deps.access.record(accessActorName(actor), action, actorVia(actor), person.tickets.map((t) => t.number), this.deps.clock.now());
      return work();
    });
  }

  /** The tickets found, and the chats they came from with those chats' other tickets, within what `actor` may see. */
  private async widen(actor: Actor, found: Ticket[]): Promise<Person> {
    const { tickets, desk } = this.deps;
    const byId = new Map<number, Ticket>();
    const chats = new Map<string, Chat>();
    for (const ticket of desk.visible(actor, found)) {
      byId.set(ticket.id, ticket);
      if (!ticket.chatId) continue;
      chats.set(`${ticket.channel}\u0000${ticket.chatId}`, { channel: ticket.channel, chatId: ticket.chatId });
      for (const other of desk.visible(actor, await tickets.listForUser(ticket.channel, ticket.userId))) byId.set(other.id, other);
    }
    for (const chat of chats.values()) for (const other of desk.visible(actor, await tickets.listForChat(chat.channel, chat.chatId))) byId.set(other.id, other);
    return { chats: [...chats.values()], tickets: sortNewestFirst([...byId.values()].filter((t) => !t.anonymisedAt)) };
  }
}

function sortNewestFirst(tickets: Ticket[]): Ticket[] {
  return tickets.filter((t) => !t.anonymisedAt).sort((a, b) => b.id - a.id);
}

/** The personal draft fields a conversation holds answers for, now or in its history ("quay lại"). */
export function draftFields(state: ConversationState): string[] {
  const held = new Set<string>();
  for (const snapshot of [state as Snapshot, ...state.history]) {
    const values = snapshot.data?.values;
    if (values && typeof values === 'object') {
      for (const [key, value] of Object.entries(values as Record<string, unknown>)) if (value !== undefined && value !== null && value !== '') held.add(key);
    }
    const facts = snapshot.data?.facts;
    if (facts && typeof facts === 'object' && Object.keys(facts).length > 0) held.add('facts');
  }
  return DRAFT_FIELDS.filter((f) => held.has(f));
}
