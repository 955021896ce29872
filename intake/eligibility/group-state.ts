/**
 * How each group of Điều 7 stands on the facts known so far, at a date: in force or not, its own
 * conditions, its financial test, and together.
 */
import { combine, evaluate, type Condition, type Verdict } from './condition.ts';
import type { FactName, Facts } from './facts.ts';
import type { EligibilityGroup, EligibilityRules } from './rules.ts';

export function inForce(group: EligibilityGroup, date: string): boolean {
  return group.from <= date && (group.until === null || date <= group.until);
}

/** How a group stands on the facts. */
export interface GroupState {
  group: EligibilityGroup;
  inForce: boolean;
  all: Verdict;
  /** The group's own conditions, without the financial test. */
  own: Verdict;
  financial: Verdict | undefined;
}

export function groupState(group: EligibilityGroup, facts: Facts, rules: EligibilityRules, date: string): GroupState {
  const own = combine(group.when.map((c) => evaluate(c, facts)), 'all');
  const state = { group, inForce: inForce(group, date), own };
  if (!group.financialTest) return { ...state, all: own, financial: undefined };
  const test = rules.financialDifficulty.at(date);
  const financial: Verdict = test ? evaluate(test, facts) : { value: false, unknown: [] };
  return { ...state, all: combine([own, financial], 'all'), financial };
}

/** Every group's state on the facts at `date`. */
export function groupStates(rules: EligibilityRules, facts: Facts, date: string): GroupState[] {
  return rules.groups.map((g) => groupState(g, facts, rules, date));
}

/**
 * The unknown facts that would complete a group partly met: those beside a condition that already
 * holds in the same "all" (an ethnic-minority person: the area; someone accompanying a victim: the
 * age); once the group's own conditions hold, the financial test's; once the financial test holds, the
 * group's own. Empty for a group not partly met.
 */
export function completingFacts(state: GroupState, facts: Facts): FactName[] {
  if (state.own.value === true) return state.financial?.unknown ?? [];
  // The financial test already met (a near-poor household): the group's own conditions complete it.
  if (state.financial?.value === true) return state.own.unknown;
  return [...new Set(allCompleting(state.group.when, facts))];
}

/** Whether an undecided group is partly met already (see completingFacts). */
export function isClose(state: GroupState, facts: Facts): boolean {
  return completingFacts(state, facts).length > 0;
}

function completing(condition: Condition, facts: Facts): FactName[] {
  if ('any' in condition) return condition.any.flatMap((c) => completing(c, facts));
  if ('all' in condition) return allCompleting(condition.all, facts);
  return [];
}

function allCompleting(parts: Condition[], facts: Facts): FactName[] {
  const verdicts = parts.map((p) => evaluate(p, facts));
  if (verdicts.some((v) => v.value === false)) return [];
  const nested = parts.flatMap((p) => completing(p, facts));
  if (!verdicts.some((v) => v.value === true)) return nested;
  return [...verdicts.filter((v) => v.value === undefined).flatMap((v) => v.unknown), ...nested];
}
