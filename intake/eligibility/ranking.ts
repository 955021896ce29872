/**
 * Which question to ask next, given the facts known and the rules in force on the date: the one
 * that settles the most of the groups still open, so that someone clearly not eligible hears so
 * after a few questions, and someone close to a group is asked what completes it first.
 *
 * An "ask" is a question (or, for `tgpl check`'s `missing`, a single fact) with the facts its
 * answers state. Its score:
 *   + 1 for each open group its usual answer (USUAL_ANSWERS: "không", an adult's age) rules out;
 *   + 10 for each open group already partly met (a condition holds) that it can complete;
 *   + ½ when one of its answers would make the person eligible at once.
 * Ties keep the order the asks are given in. The usual answers only order the questions: nothing is
 * ever decided on them.
 */
import { remember } from '../../lib/bounded-memo.ts';
import { type Condition } from './condition.ts';
import { CRIMINAL_ROLES, FACT_NAMES, HOUSEHOLD_STATUSES, USUAL_ANSWERS, type FactName, type Facts } from './facts.ts';
import { completingFacts, groupState, groupStates } from './group-state.ts';
import type { EligibilityRules } from './rules.ts';

export interface Ask {
  id: string;
  /** The facts an answer to it states. */
  facts: FactName[];
  /** Every answer it can get, as the facts each states. */
  answers: Facts[];
}

export interface RankedAsk {
  id: string;
  score: number;
}

/** The usual answer to an ask: USUAL_ANSWERS for each of its facts. */
function usualAnswer(ask: Ask): Facts {
  return Object.fromEntries(ask.facts.map((f) => [f, USUAL_ANSWERS[f]])) as Facts;
}

/**
 * The asks that can still change the result (they state a fact an undecided group in force needs),
 * most decisive first. Empty when the result is settled.
 */
export function rankAsks(rules: EligibilityRules, facts: Facts, date: string, asks: readonly Ask[]): RankedAsk[] {
  // A pure function of its arguments, asked again with the same few fact sets by everyone who
  // starts the check (the first question is the same for all): results are kept per rule set.
  let memo = rankMemo.get(rules);
  if (!memo) rankMemo.set(rules, (memo = new Map()));
  const key = `${date}\u0000${stableJson(facts)}\u0000${JSON.stringify(asks)}`;
  return remember(memo, key, RANK_MEMO_SIZE, () => rankAsksNow(rules, facts, date, asks)).map((a) => ({ ...a }));
}

const RANK_MEMO_SIZE = 5_000;
const rankMemo = new WeakMap<EligibilityRules, Map<string, RankedAsk[]>>();

/** JSON with keys in sorted order and unset (undefined or null) facts left out. */
function stableJson(facts: Facts): string {
  const entries = Object.entries(facts)
    .filter(([, v]) => v !== undefined && v !== null)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify(entries);
}

function rankAsksNow(rules: EligibilityRules, facts: Facts, date: string, asks: readonly Ask[]): RankedAsk[] {
  const states = groupStates(rules, facts, date).filter((s) => s.inForce);
  if (states.some((s) => s.all.value === true)) return [];
  const open = states.filter((s) => s.all.value === undefined);
  if (open.length === 0) return [];
  const completes = new Map(open.map((s) => [s, completingFacts(s, facts)]));
  const needed = new Set(open.flatMap((s) => s.all.unknown));
  const scored: Array<RankedAsk & { index: number }> = [];
  asks.forEach((ask, index) => {
    if (!ask.facts.some((f) => needed.has(f))) return;
    const usual = { ...facts, ...usualAnswer(ask) };
    let score = 0;
    for (const state of open) {
      if (groupState(state.group, usual, rules, date).all.value === false) score += 1;
      if (completes.get(state)!.some((f) => ask.facts.includes(f))) score += 10;
    }
    const settlesAtOnce = ask.answers.some((answer) =>
      open.some((state) => groupState(state.group, { ...facts, ...answer }, rules, date).all.value === true),
    );
    if (settlesAtOnce) score += 0.5;
    scored.push({ id: ask.id, score, index });
  });
  return scored.sort((a, b) => b.score - a.score || a.index - b.index).map(({ id, score }) => ({ id, score }));
}

/** The ages worth telling apart under the rules: one below the lowest bound, then each bound. */
export function representativeAges(rules: EligibilityRules): number[] {
  const bounds = new Set<number>();
  const walk = (c: Condition): void => {
    if ('any' in c) c.any.forEach(walk);
    else if ('all' in c) c.all.forEach(walk);
    else if (c.fact === 'age') {
      if (c.gte !== undefined) bounds.add(c.gte);
      if (c.lt !== undefined) bounds.add(c.lt);
    }
  };
  rules.groups.forEach((g) => g.when.forEach(walk));
  const sorted = [...bounds].sort((a, b) => a - b);
  return sorted.length === 0 ? [USUAL_ANSWERS.age] : [Math.max(0, sorted[0]! - 1), ...sorted];
}

/** The values a fact can take, for trying its answers. */
export function factValues(fact: FactName, rules: EligibilityRules): Array<string | number | boolean> {
  if (fact === 'age') return representativeAges(rules);
  if (fact === 'household') return [...HOUSEHOLD_STATUSES];
  if (fact === 'criminalRole') return [...CRIMINAL_ROLES];
  return [true, false];
}

/** One ask per fact (in FACT_NAMES order), as `tgpl check` lists the facts still missing. */
export function factAsks(rules: EligibilityRules): Ask[] {
  return FACT_NAMES.map((fact) => ({
    id: fact,
    facts: [fact],
    answers: factValues(fact, rules).map((v) => ({ [fact]: v }) as Facts),
  }));
}

/** Whether some group still open is partly met (a condition of it holds): then what completes it comes first. */
export function somePartlyMet(rules: EligibilityRules, facts: Facts, date: string): boolean {
  return groupStates(rules, facts, date).some((s) => s.inForce && s.all.value === undefined && completingFacts(s, facts).length > 0);
}
