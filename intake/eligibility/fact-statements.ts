/** Reads known facts back in plain Vietnamese (fact-statements.vi.yaml). */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { FACT_NAMES, type Facts } from './facts.ts';

const statements = parse(readFileSync(new URL('./fact-statements.vi.yaml', import.meta.url), 'utf8')) as Record<string, string>;

/** "75 tuổi, thuộc hộ cận nghèo" for the facts given (in the order of FACT_NAMES). */
export function describeFacts(facts: Facts): string[] {
  const out: string[] = [];
  for (const fact of FACT_NAMES) {
    const value = facts[fact];
    if (value === undefined || value === null) continue;
    if (fact === 'age') out.push(statements.age!.replace('{age}', String(value)));
    else {
      const text = statements[`${fact}=${String(value)}`];
      if (text) out.push(text);
    }
  }
  return out;
}
