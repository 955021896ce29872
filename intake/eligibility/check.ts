/**
 * Decides who is eligible for legal aid under Điều 7 on a given date, from the facts known so far.
 * "eligible" when a group is met; "ineligible" only when the facts rule out every group;
 * otherwise "more_info", listing the unknown facts that could decide it, most decisive first.
 */
import { loadMessages } from '../../lib/messages.ts';
import { unmetReasons, type Condition } from './condition.ts';
import { groupStates } from './group-state.ts';
import { factAsks, rankAsks } from './ranking.ts';
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
  /**
   * When not eligible: the conditions not met, in plain words ("không thuộc hộ nghèo", "chưa đủ 60
   * tuổi"…), each once, household and money first.
   */
  unmet: string[];
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
  'reason_unmet',
  'unmet_merge',
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

export function checkEligibility(rules: EligibilityRules, facts: Facts, today: string): CheckResult {
  const date = facts.date ?? today;
  if (date < rules.firstDay) {
    throw new EligibilityDateError(messages.say('error_before_law', { date: vnDate(date), firstDay: vnDate(rules.firstDay) }));
  }
  const met: EligibilityGroup[] = [];
  let undecided = false;
  const notes: string[] = [];
  /** Notes on groups not in force that day, by clause: dropped when that clause's wording in force is met. */
  const outOfForce: Array<{ clause: string; note: string }> = [];
  const unmet: Array<{ text: string; order: number }> = [];
  const states = groupStates(rules, facts, date);
  for (const state of states) {
    const { group, all, own } = state;
    if (!state.inForce) {
      if (all.value === true || (own.value === true && !group.financialTest)) {
        const key = date < group.from ? 'reason_not_yet' : 'reason_ended';
        outOfForce.push({ clause: group.clause, note: messages.say(key, { label: group.label, from: vnDate(group.from), until: vnDate(group.until ?? date) }) });
      }
      continue;
    }
    if (all.value === true) met.push(group);
    else if (all.value === undefined) undecided = true;
    else {
      if (own.value === true && group.financialTest) {
        notes.push(messages.say('reason_financial_missing', { label: group.label }));
      }
      for (const c of group.when) {
        for (const text of unmetReasons(c, facts)) unmet.push({ text, order: factOrder(c) });
      }
      if (state.financial?.value === false) unmet.push({ text: rules.financialUnmet, order: factOrder(rules.financialDifficulty.at(date)) });
    }
  }

  const status: EligibilityStatus = met.length > 0 ? 'eligible' : undecided ? 'more_info' : 'ineligible';
  const missing = status === 'more_info' ? rankMissing(rules, facts, date) : [];
  const unmetTexts = status === 'ineligible' ? plainUnmet(unmet) : [];
  // "the old 7.5 ended on 31/12/2025" says nothing useful when the new 7.5 is met.
  for (const o of outOfForce) if (!met.some((g) => g.clause === o.clause)) notes.push(o.note);
  const reasons = [...met.map((g) => messages.say('reason_met', { label: g.label, citation: g.citation })), ...notes];
  if (status === 'ineligible') {
    reasons.push(messages.say('reason_none', { date: vnDate(date) }));
    if (unmetTexts.length > 0) reasons.push(messages.say('reason_unmet', { unmet: unmetTexts.join('; ') }));
  }
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
    unmet: unmetTexts,
    asOf: date,
  };
}

/** Where a condition's first fact stands in FACT_NAMES (to order the reasons). */
function factOrder(condition: Condition | undefined): number {
  if (!condition) return FACT_NAMES.length;
  if ('any' in condition) return factOrder(condition.any[0]);
  if ('all' in condition) return factOrder(condition.all[0]);
  return FACT_NAMES.indexOf(condition.fact);
}

/**
 * The reasons once each, a text contained in a longer one left out, in fact order; texts that
 * start alike ("không phải …", "không thuộc …") said together: "không thuộc hộ nghèo, hộ cận nghèo".
 */
function plainUnmet(unmet: Array<{ text: string; order: number }>): string[] {
  const texts = [...new Map(unmet.map((u) => [u.text, u])).values()];
  const kept = texts
    .filter((u) => !texts.some((other) => other.text !== u.text && other.text.includes(u.text)))
    .sort((a, b) => a.order - b.order)
    .map((u) => u.text);
  const prefixes = messages.say('unmet_merge').split('|').map((p) => `${p.trim()} `);
  const out: string[] = [];
  const merged = new Map<string, number>();
  for (const text of kept) {
    const prefix = /[,()]/u.test(text) ? undefined : prefixes.find((p) => text.startsWith(p));
    const at = prefix === undefined ? undefined : merged.get(prefix);
    if (prefix !== undefined && at !== undefined) out[at] = `${out[at]}, ${text.slice(prefix.length)}`;
    else {
      if (prefix !== undefined) merged.set(prefix, out.length);
      out.push(text);
    }
  }
  return out;
}

/** The unknown facts that can still change the result, most decisive first (see ranking.ts). */
function rankMissing(rules: EligibilityRules, facts: Facts, date: string): FactName[] {
  return rankAsks(rules, facts, date, factAsks(rules)).map((a) => a.id as FactName);
}
