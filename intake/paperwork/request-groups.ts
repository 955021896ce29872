/**
 * The eligibility groups (Điều 7 Luật Trợ giúp pháp lý, as amended) a request belongs to, as in force
 * on the day it was filed: the existing rules (intake/eligibility/, dated data) run on the facts the
 * ticket holds at its local filing date. An anonymised ticket keeps no facts, only the clauses the
 * check found when it was filed (its `eligibility`, "eligible (7.2, 7.7c)"), which were already the
 * clauses in force that day: those are read back against the same rules.
 */
import { isoDateIn } from '../../lib/clock.ts';
import { checkEligibility } from '../eligibility/check.ts';
import { inForce } from '../eligibility/group-state.ts';
import type { EligibilityGroup, EligibilityRules } from '../eligibility/rules.ts';
import type { Ticket } from '../tickets/ticket.ts';

/** A group of Điều 7 in one period of its wording (a clause whose wording changed has several). */
export interface GroupPeriod {
  /** "7.5", "7.6a" … */
  clause: string;
  label: string;
  from: string;
  until: string | null;
}

/** The key a report counts a group period by ("7.5@2018-01-01"). */
export function periodKey(g: { clause: string; from: string }): string {
  return `${g.clause}@${g.from}`;
}

/** The local date ("YYYY-MM-DD") a ticket was filed on. */
export function filedDate(ticket: Pick<Ticket, 'createdAt'>, timeZone: string): string {
  return isoDateIn(new Date(ticket.createdAt), timeZone);
}

/** The clauses a stored eligibility result names: "eligible (7.2, 7.7c)" → ["7.2", "7.7c"]. */
export function storedClauses(eligibility: string): string[] {
  const m = /^eligible \(([^)]*)\)/u.exec(eligibility);
  return m ? m[1]!.split(',').map((c) => c.trim()).filter(Boolean) : [];
}

/**
 * The group periods a ticket's person belongs to on its filing date: the rules run on its facts, or,
 * for a ticket with no facts left (anonymised), the clauses stored at filing. Empty: no group met
 * (not eligible, or more information was needed).
 */
export function requestGroups(rules: EligibilityRules, ticket: Ticket, timeZone: string): GroupPeriod[] {
  const date = filedDate(ticket, timeZone);
  const inForceThen = rules.groups.filter((g) => inForce(g, date));
  const byClause = (clauses: readonly string[]) => inForceThen.filter((g) => clauses.includes(g.clause));
  let groups: EligibilityGroup[];
  if (ticket.facts && Object.keys(ticket.facts).length > 0 && date >= rules.firstDay) {
    groups = byClause(checkEligibility(rules, ticket.facts, date).groups.map((g) => g.clause));
  } else {
    groups = byClause(storedClauses(ticket.eligibility));
  }
  return groups.map((g) => ({ clause: g.clause, label: g.label, from: g.from, until: g.until }));
}

/** Every group period of the rules, in the order of the law (for a report's rows). */
export function allGroupPeriods(rules: EligibilityRules): GroupPeriod[] {
  return rules.groups.map((g) => ({ clause: g.clause, label: g.label, from: g.from, until: g.until }));
}
