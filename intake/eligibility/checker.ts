/**
 * The eligibility check as a service: the rules, and the centre's list of disadvantaged areas when
 * one is loaded (a known commune then answers `disadvantagedArea`).
 */
import { checkEligibility, type CheckResult } from './check.ts';
import { DisadvantagedAreas } from './disadvantaged-areas.ts';
import { factsFromMessages } from './fact-extractor.ts';
import { mergeFacts, type Facts } from './facts.ts';
import { loadEligibilityRules, type EligibilityRules } from './rules.ts';

export class EligibilityChecker {
  constructor(
    readonly rules: EligibilityRules,
    readonly areas: DisadvantagedAreas | undefined,
  ) {}

  static load(areasFile: string | undefined): EligibilityChecker {
    return new EligibilityChecker(loadEligibilityRules(), areasFile ? DisadvantagedAreas.load(areasFile) : undefined);
  }

  /** Facts with what the area list says about the commune filled in, when it says anything. */
  complete(facts: Facts): Facts {
    if (facts.disadvantagedArea != null || !facts.commune || !this.areas) return facts;
    const known = this.areas.factFor(facts.commune);
    return known === undefined ? facts : { ...facts, disadvantagedArea: known };
  }

  check(facts: Facts, today: string): CheckResult {
    return checkEligibility(this.rules, this.complete(facts), today);
  }

  /**
   * The check on everything said in a conversation: facts from several sources (an eligibility check
   * done before, answers, what each message stated), given oldest first. A later statement of a fact
   * overrides an earlier one; a fact a later source leaves unknown keeps its earlier value.
   *
   *     checker.checkFromFacts([carriedFacts, extractFacts(description, today), { age }], today)
   */
  checkFromFacts(facts: Facts | ReadonlyArray<Facts | undefined | null>, today: string): CheckResult {
    const merged = Array.isArray(facts) ? mergeFacts(...(facts as Array<Facts | undefined | null>)) : (facts as Facts);
    return this.check(merged, today);
  }

  /** The check on the facts stated in a conversation's messages, oldest first (later ones override). */
  checkFromMessages(texts: readonly string[], today: string, known: Facts = {}): CheckResult {
    return this.check(mergeFacts(known, factsFromMessages(texts, today)), today);
  }
}
