/**
 * Decides who is eligible for legal aid under Điều 7 on a given date, from the facts known so far.
 * "eligible" when a group is met; "ineligible" only when the facts rule out every group;
 * otherwise "more_info", listing the unknown facts that could decide it, most decisive first.
 */
import { loadMessages } from '../../lib/messages.ts';
import { combine, evaluate, type Verdict } from './condition.ts';
import { FACT_NAMES, type FactName, type Facts } from './facts.ts';
import type { EligibilityGroup, EligibilityRules } from './rules.ts';

export type EligibilityStatus = 'eligible' | 'ineligible' | 'more_info';

export interface CheckResult {
  status: EligibilityStatus;
  groups: Array<{ clause: string; label: string; citation: string }>;
  missing: FactName[];
  documents: Array<{ clause: string; label: string; items: string[]; source: string }>;
  reasons: string[];
  /** The reasons that explain a group not applying (its dates, the financial test). */
  notes: string[];
  asOf: string;
}

/** A date the rules cannot be applied to. */
export class EligibilityDateError extends Error {
  override name = 'EligibilityDateError';
}

const messages = loadMessages(new URL('./messages.vi.yaml', import.meta.url), [
  'reason_met',
  'reason_financial_missing',
  'reason_not_yet',
  'reason_ended',
  'reason_none',
  'reason_more_info',
  'reason_lost_papers',
  'error_before_law',
  'financial_proof_title',
]);

export const factLabels = loadMessages(new URL('./fact-labels.vi.yaml', import.meta.url), FACT_NAMES);

/** "2025-07-01" → "01/07/2025". */
export function vnDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
}

function inForce(group: EligibilityGroup, date: string): boolean {
  return group.from <= date && (group.until === null || date <= group.until);
}

interface GroupVerdict {
  all: Verdict;
  /** The group's own conditions, without the financial test. */
  own: Verdict;
  financial: Verdict | undefined;
}

function verdictOf(group: EligibilityGroup, facts: Facts, rules: EligibilityRules, date: string): GroupVerdict {
  const own = combine(group.when.map((c) => evaluate(c, facts)), 'all');
  if (!group.financialTest) return { all: own, own, financial: undefined };
  const test = rules.financialDifficulty.at(date);
  const financial: Verdict = test ? evaluate(test, facts) : { value: false, unknown: [] };
  return { all: combine([own, financial], 'all'), own, financial };
}

export function checkEligibility(rules: EligibilityRules, facts: Facts, today: string): CheckResult {
  const date = facts.date ?? today;
  if (date < rules.firstDay) {
    throw new EligibilityDateError(messages.say('error_before_law', { date: vnDate(date), firstDay: vnDate(rules.firstDay) }));
  }
  const met: EligibilityGroup[] = [];
  const undecided: Array<{ first: FactName[]; later: FactName[]; close: boolean }> = [];
  const notes: string[] = [];
  for (const group of rules.groups) {
    const { all, own, financial } = verdictOf(group, facts, rules, date);
    if (!inForce(group, date)) {
      if (all.value === true || (own.value === true && !group.financialTest)) {
        const key = date < group.from ? 'reason_not_yet' : 'reason_ended';
        notes.push(messages.say(key, { label: group.label, from: vnDate(group.from), until: vnDate(group.until ?? date) }));
      }
      continue;
    }
    if (all.value === true) met.push(group);
    else if (all.value === undefined) {
      // Ask about the group itself before its financial test: the test matters only once the group fits.
      const first = own.value === undefined ? own.unknown : (financial?.unknown ?? []);
      // A group partly met already (an ethnic-minority person: only the area is left) is close.
      const close = own.value === true || group.when.some((c) => evaluate(c, facts).value === true);
      undecided.push({ first, later: all.unknown.filter((f) => !first.includes(f)), close });
    }
    else if (own.value === true && group.financialTest) {
      notes.push(messages.say('reason_financial_missing', { label: group.label }));
    }
  }

  const status: EligibilityStatus = met.length > 0 ? 'eligible' : undecided.length > 0 ? 'more_info' : 'ineligible';
  const missing = status === 'more_info' ? rankMissing(undecided) : [];
  const reasons = [...met.map((g) => messages.say('reason_met', { label: g.label, citation: g.citation })), ...notes];
  if (status === 'ineligible') reasons.push(messages.say('reason_none', { date: vnDate(date) }));
  if (status === 'more_info') {
    reasons.push(messages.say('reason_more_info', { facts: missing.map((f) => factLabels.say(f)).join('; ') }));
  }

  const documents = met.map((g) => ({
    clause: g.clause,
    label: g.label,
    items: g.financialTest
      ? [...g.documents, `${messages.say('financial_proof_title')}: ${rules.financialProof.items.join('; ')}`]
      : g.documents,
    source: g.financialTest ? `${g.documentsSource}; ${rules.financialProof.source}` : g.documentsSource,
  }));
  if (met.length > 0) reasons.push(messages.say('reason_lost_papers'));

  return {
    status,
    groups: met.map((g) => ({ clause: g.clause, label: g.label, citation: g.citation })),
    missing,
    documents,
    reasons,
    notes,
    asOf: date,
  };
}

/**
 * Orders unknown facts by how much they could decide: a fact that is the only unknown of a group
 * counts 1 for it, one of two counts ½, and so on; facts a group needs only after its own
 * conditions hold (the financial test) count a hundredth, and the facts of a group already partly
 * met (some of its conditions hold) count ten times; ties keep FACT_NAMES' order.
 */
function rankMissing(undecided: Array<{ first: FactName[]; later: FactName[]; close: boolean }>): FactName[] {
  const weight = new Map<FactName, number>();
  const add = (facts: FactName[], scale: number) => {
    for (const fact of facts) weight.set(fact, (weight.get(fact) ?? 0) + scale / facts.length);
  };
  for (const { first, later, close } of undecided) {
    add(first, close ? 10 : 1);
    add(later, 0.01);
  }
  return [...weight.keys()].sort(
    (a, b) => weight.get(b)! - weight.get(a)! || FACT_NAMES.indexOf(a) - FACT_NAMES.indexOf(b),
  );
}
