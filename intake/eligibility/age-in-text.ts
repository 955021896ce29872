/**
 * Ages in what people type, read by the request form's reader (intake/request/slots/age.ts:
 * "75 tuổi", "bảy mươi lăm tuổi", "sinh năm 1949", "sn 49", "75t" but not "lương 5t").
 * In a sentence a number standing alone is not an age ("2" may be a menu choice or the answer to
 * another question); as the answer to "bao nhiêu tuổi?" it is.
 */
import { findAge, type AgeFinding } from '../request/slots/age.ts';

export type { AgeFinding };

/** The age a sentence states ("bà 75 tuổi, nhà cận nghèo"); never a bare number. */
export function ageInSentence(text: string, today: string): AgeFinding | undefined {
  return findAge(text, today, { bareNumber: false });
}

/** The age in an answer to the age question: also a bare number of years or a year of birth ("75", "1950"). */
export function ageAnswer(text: string, today: string): AgeFinding | undefined {
  return findAge(text, today);
}
