import { describe, expect, it } from 'vitest';
import { asksForInformation, intents, looksLikeQuestion } from '../../../bot/nlu/intents.ts';

describe('a question about papers, time, place or cost is a question (review 3, problem 3)', () => {
  it.each([
    'đi xin TGPL cần mang giấy tờ gì',
    'xin tro giup phap ly can nhung giay to gi',
    'xin trợ giúp pháp lý mất bao lâu',
    'nộp đơn trợ giúp ở đâu vậy',
    'làm hồ sơ xin trợ giúp tốn bao nhiêu',
  ])('"%s"', (text) => {
    expect(asksForInformation(text)).toBe(true);
    expect(looksLikeQuestion(text)).toBe(true);
  });

  it.each(['tôi muốn xin trợ giúp pháp lý', 'xin tro giup phap ly', 'gửi yêu cầu trợ giúp cho mẹ em', 'nhà tôi hộ cận nghèo'])('"%s" asks nothing of that kind', (text) => {
    expect(asksForInformation(text)).toBe(false);
  });

  it('a word typed with diacritics must have the phrase\'s ("cận" is not "cần")', () => {
    expect(asksForInformation('nhà cận nghèo gì đó')).toBe(false);
    expect(asksForInformation('nha can ngheo gi do')).toBe(true);
  });

  it('a wish to file is still a wish to file', () => {
    expect(intents().classify('tôi muốn gửi yêu cầu trợ giúp pháp lý')?.id).toBe('file_request');
  });
});
