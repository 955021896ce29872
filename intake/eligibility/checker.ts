/**
 * The eligibility check as a service: the rules, and the centre's list of disadvantaged areas when
 * one is loaded (a known commune then answers `disadvantagedArea`).
 */
import { checkEligibility, type CheckResult } from './check.ts';
import { DisadvantagedAreas } from './disadvantaged-areas.ts';
import type { Facts } from './facts.ts';
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
}
