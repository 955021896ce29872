import { describe, expect, it } from 'vitest';
import { emergencyMessages, labelForQuote, quotedLines } from '../../knowledge/answer.ts';

const ARTICLE_81 = [
  '1. Sau khi ly hôn, cha mẹ vẫn có quyền, nghĩa vụ trông nom, chăm sóc, nuôi dưỡng, giáo dục con chưa thành niên.',
  '2. Vợ, chồng thỏa thuận về người trực tiếp nuôi con; trường hợp không thỏa thuận được thì Tòa án quyết định giao con cho một bên trực tiếp nuôi.',
  '3. Con dưới 36 tháng tuổi được giao cho mẹ trực tiếp nuôi, trừ trường hợp người mẹ không đủ điều kiện.',
].join('\n');

describe('the label names the clause that is quoted (review 3, problem 6)', () => {
  it('a quote of khoản 3 from a passage labelled khoản 1 is labelled khoản 3', () => {
    const quoted = quotedLines(ARTICLE_81, 'ly hon thi con 2 tuoi duoi 36 thang ai nuoi');
    expect(quoted.quote.startsWith('3.')).toBe(true);
    expect(quoted.clause).toBe('3');
    expect(labelForQuote('khoản 1 Điều 81 Luật Hôn nhân và gia đình 2014', '1', quoted)).toBe('khoản 3 Điều 81 Luật Hôn nhân và gia đình 2014');
    expect(labelForQuote('Điều 81 Luật Hôn nhân và gia đình 2014', undefined, quoted)).toBe('khoản 3 Điều 81 Luật Hôn nhân và gia đình 2014');
  });

  it('a point is named with its clause', () => {
    const text = '1. Người sau đây được trợ giúp:\na) Người có công;\nb) Người thuộc hộ nghèo.\n2. Khác.';
    const quoted = quotedLines(text, 'người thuộc hộ nghèo');
    expect(quoted).toMatchObject({ clause: '1', point: 'b' });
    expect(labelForQuote('Điều 7 Luật Trợ giúp pháp lý 2017', undefined, quoted)).toBe('điểm b khoản 1 Điều 7 Luật Trợ giúp pháp lý 2017');
  });

  it('the same clause, a text without numbering, or a plan keep their label', () => {
    expect(labelForQuote('khoản 3 Điều 81 Luật X', '3', { clause: '3' })).toBe('khoản 3 Điều 81 Luật X');
    expect(labelForQuote('Điều 5 Luật X', undefined, quotedLines('Một đoạn không có số.', 'đoạn'))).toBe('Điều 5 Luật X');
    expect(labelForQuote('mục II.4 Kế hoạch 60/KH-UBND', undefined, { clause: '2' })).toBe('mục II.4 Kế hoạch 60/KH-UBND');
  });
});

describe('a near trial in people\'s words gives the hearing notice (review 3, Dangerous 1)', () => {
  it.each([
    'nop ho so tro giup phap ly xong bao lau thi trung tam tra loi, mai em ra toa roi',
    'thứ 5 này tôi phải hầu tòa',
    '3 ngày nữa là phiên tòa rồi',
    'tòa gọi em lên tòa tuần sau',
  ])('"%s"', (text) => {
    expect(emergencyMessages(text).join('\n')).toContain('Sắp xét xử');
  });

  it.each(['tuần sau tôi đi nộp đơn', 'phiên tòa năm ngoái xử sai', 'ngày mai tôi đi làm'])('"%s" is no urgency', (text) => {
    expect(emergencyMessages(text).join('\n')).not.toContain('Sắp xét xử');
  });
});

describe('a name is not a date, and violence at home gets 113 (review 3, left items)', () => {
  it.each(['chị Mai ra tòa hồi năm ngoái, giờ muốn kháng cáo', 'chi Mai ra toa nam ngoai', 'bà Mai hôm qua ra tòa'])('"%s" is no urgency', (text) => {
    expect(emergencyMessages(text).join('\n')).not.toContain('Sắp xét xử');
  });

  it.each(['Chị Mai mai ra tòa', 'Mai em ra tòa rồi'])('"%s" still is', (text) => {
    expect(emergencyMessages(text).join('\n')).toContain('Sắp xét xử');
  });

  it.each(['Chồng tôi nhậu về là đánh tôi, có lần phải đi viện khâu đầu', 'chong toi say ruou ve la danh toi'])('"%s" gets 113', (text) => {
    expect(emergencyMessages(text).join('\n')).toContain('113');
  });

  it('"chồng tôi đi làm xa" does not', () => {
    expect(emergencyMessages('chồng tôi đi làm xa, tôi muốn ly hôn').join('\n')).not.toContain('113');
  });
});
