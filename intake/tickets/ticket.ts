/** A request for legal aid as filed, and the statuses it moves through. */
import type { Facts } from '../eligibility/facts.ts';

export const TICKET_STATUSES = [
  'new',
  'triaged',
  'routed',
  'accepted',
  'in_progress',
  'done',
  'rejected',
  'not_eligible',
  'withdrawn',
] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

/** Which status may follow which; done, rejected, not_eligible and withdrawn are final. */
export const NEXT_STATUSES: Record<TicketStatus, TicketStatus[]> = {
  new: ['triaged', 'routed', 'rejected', 'not_eligible', 'withdrawn'],
  triaged: ['routed', 'accepted', 'rejected', 'not_eligible', 'withdrawn'],
  routed: ['accepted', 'triaged', 'rejected', 'not_eligible', 'withdrawn'],
  accepted: ['in_progress', 'done', 'triaged', 'rejected', 'not_eligible', 'withdrawn'],
  in_progress: ['done', 'rejected', 'not_eligible', 'withdrawn'],
  done: [],
  rejected: [],
  not_eligible: [],
  withdrawn: [],
};

/** Statuses that end a ticket: nothing follows them. */
export const FINAL_STATUSES: readonly TicketStatus[] = TICKET_STATUSES.filter((s) => NEXT_STATUSES[s].length === 0);

/** What the intake gathers. */
export interface TicketDraft {
  forWhom: 'self' | 'other';
  fullName: string;
  birthYear: number;
  phone: string;
  addressText: string;
  provinceCode: string | null;
  communeCode: string | null;
  communeName: string | null;
  facts: Facts;
  /** The eligibility check's status when filed ("eligible", "more_info", …). */
  eligibility: string;
  field: string;
  description: string;
  /** A trial date or limitation deadline ("YYYY-MM-DD"), if any. */
  deadline: string | null;
  urgent: boolean;
  contact: 'call' | 'message';
  /**
   * Who asked, when the request is for someone else (Luật Trợ giúp pháp lý 2017, Điều 8 khoản 2:
   * a relative or another person may ask on the person's behalf). `phone` null: reach them in the chat.
   */
  requester?: { name: string; relation: string; phone: string | null };
  /** The person's role in a criminal case ("arrested", "accused", "victim", …), when the field is criminal. */
  criminalRole?: string | null;
  /** A request from another province whose matter is not in this one: the centre the person was told of. */
  referral?: { provinceCode: string; provinceName: string; centre: string } | null;
}

export interface Ticket extends TicketDraft {
  id: number;
  number: string;
  status: TicketStatus;
  channel: string;
  chatId: string;
  userId: string;
  branchId: string;
  assignee: string | null;
  /** Staff have checked the eligibility papers: true / false, or null while unchecked. */
  eligibilityChecked: boolean | null;
  createdAt: string;
  updatedAt: string;
  routedAt: string | null;
  remindedAt: string | null;
  escalatedAt: string | null;
  /** When it reached a final status (done, rejected, not eligible, withdrawn). */
  closedAt: string | null;
  /**
   * When its personal data was erased (retention, or the person's request): the name, phone,
   * address, story and the chat it came from are empty; the statistics stay.
   */
  anonymisedAt: string | null;
}

export interface TicketEvent {
  at: string;
  actor: string;
  action: string;
  from: TicketStatus | null;
  to: TicketStatus | null;
  note: string;
}
