/**
 * Vietnamese phone numbers as people type them: "0912 345 678", "0912.345.678", "+84 912345678",
 * "84912345678". `normalizePhone` reads a whole answer; `findPhone` finds one inside a sentence
 * ("số con trai tôi 098.765.4321", "sđt: 0912345678"). Both return the national form "0912345678".
 */
import { findPhoneInText } from './slots/phone.ts';

/** A whole answer that is a phone number → "0912345678", or undefined when it is not a number. */
export function normalizePhone(text: string): string | undefined {
  const digits = text.replace(/[\s.\-()]/gu, '');
  if (!/^\+?\d+$/u.test(digits)) return undefined;
  let national = digits.replace(/^\+/u, '');
  if (national.startsWith('84') && national.length >= 11) national = `0${national.slice(2)}`;
  // Mobile: 10 digits, 03/05/07/08/09; landline: 11 digits starting 02.
  if (/^0[35789]\d{8}$/u.test(national) || /^02\d{9}$/u.test(national)) return national;
  // Free hotlines (1800…) and short service numbers are not a person's number.
  return undefined;
}

/**
 * The first mobile or landline number inside a sentence, normalised ("0987654321"), or undefined.
 * Years, amounts, ID cards, bank accounts and ticket numbers ("TG-2026-000012") are not phones.
 */
export function findPhone(text: string): string | undefined {
  return findPhoneInText(text, normalizePhone);
}

/** "0912345678" → "091****678", for showing without exposing the whole number. */
export function maskPhone(phone: string): string {
  return phone.length > 6 ? `${phone.slice(0, 3)}****${phone.slice(-3)}` : '***';
}
