import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { PDFParse } from 'pdf-parse';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { loadEligibilityRules } from '../../../intake/eligibility/rules.ts';
import { clauseCitation, fillForm, formLines, formsFor, FORM_IDS, type FillContext } from '../../../intake/paperwork/forms.ts';
import { BLANK, formDocx, formPdf } from '../../../intake/paperwork/form-documents.ts';
import type { Ticket } from '../../../intake/tickets/ticket.ts';
import { tempDir } from '../../helpers.ts';

const RULES = loadEligibilityRules();
const CTX: FillContext = { rules: RULES, timeZone: 'Asia/Ho_Chi_Minh', centreName: 'Trung tâm thử', recipientName: 'Chi nhánh Bắc Yên' };

/** A ticket for a relative: the daughter asks for her mother, a poor household in Sơn La. */
function ticket(over: Partial<Ticket> = {}): Ticket {
  return {
    id: 7, number: 'TG-2026-000007', status: 'routed', channel: 'zalo', chatId: 'z1', userId: 'z1', branchId: 'bac-yen', assignee: null,
    eligibilityChecked: null, createdAt: '2026-03-02T03:00:00.000Z', updatedAt: '2026-03-02T03:00:00.000Z', routedAt: null, remindedAt: null,
    escalatedAt: null, closedAt: null, anonymisedAt: null, forWhom: 'other', fullName: 'Lò Thị Ển', birthYear: 1950, phone: '',
    addressText: 'bản Phiêng Ban, xã Bắc Yên, Sơn La', provinceCode: '14', communeCode: '03856', communeName: 'Xã Bắc Yên',
    facts: { household: 'poor', age: 76 }, eligibility: 'eligible (7.2)', field: 'dat_dai', description: 'Nhà bên cạnh lấn sang đất vườn.',
    deadline: '2026-04-10', urgent: false, contact: 'call', requester: { name: 'Lò Văn Đức', relation: 'con trai', phone: '0987654321' },
    criminalRole: null, ...over,
  };
}

async function docxText(buffer: Buffer): Promise<string> {
  const zip = await JSZip.loadAsync(buffer);
  const xml = await zip.file('word/document.xml')!.async('string');
  return xml.split('</w:p>').map((p) => [...p.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/gu)].map((m) => m[1]).join('')).join('\n');
}

async function pdfText(buffer: Buffer): Promise<string> {
  const parser = new PDFParse({ data: new Uint8Array(buffer) });
  try {
    return (await parser.getText()).text;
  } finally {
    await parser.destroy();
  }
}

describe('forms from a ticket (TT 12/2018 Điều 13)', () => {
  it('fills Mẫu 02 from what the intake collected and leaves the rest blank, never invented', () => {
    const form = fillForm('02', ticket(), CTX);
    const value = (label: string, section = 0) => form.sections[section]!.fields.find((f) => f.label === label)?.value;
    expect(value('Họ và tên', 0)).toBe('Lò Văn Đức');
    expect(value('Quan hệ với người được trợ giúp pháp lý', 0)).toBe('con trai');
    expect(value('Số điện thoại', 0)).toBe('0987654321');
    expect(value('Địa chỉ liên hệ', 0)).toBeNull();
    expect(value('Họ và tên', 1)).toBe('Lò Thị Ển');
    expect(value('Năm sinh', 1)).toBe('1950');
    expect(value('Giới tính', 1)).toBeNull();
    expect(value('Dân tộc', 1)).toBeNull();
    expect(value('Số điện thoại', 1)).toBeNull(); // the mother has no phone: blank, not the son's
    expect(value('Thuộc diện người được trợ giúp pháp lý', 1)).toBe('Người thuộc hộ nghèo (khoản 2 Điều 7)');
    expect(value('Lĩnh vực', 2)).toBe('Đất đai');
    expect(value('Thời hạn cần lưu ý (ngày xét xử, hết thời hiệu)', 2)).toBe('10/04/2026');
    expect(value('Hình thức trợ giúp pháp lý đề nghị', 2)).toBeNull();
    expect(form.addressee).toBe('Kính gửi: Chi nhánh Bắc Yên');
    expect(form.verify).toBe(true);
  });

  it('names the group in force on the day of the request: a trafficking victim before and after 2025-07-01', () => {
    const facts = { traffickingVictim: true, household: 'near_poor' as const };
    const before = fillForm('02', ticket({ createdAt: '2025-06-10T03:00:00.000Z', facts, eligibility: 'eligible (7.7g)' }), CTX);
    const after = fillForm('02', ticket({ createdAt: '2025-07-10T03:00:00.000Z', facts, eligibility: 'eligible (7.6a)' }), CTX);
    const groups = (f: typeof before) => f.sections[1]!.fields.find((x) => x.label.startsWith('Thuộc diện'))!.value;
    expect(groups(before)).toContain('điểm g khoản 7 Điều 7');
    expect(groups(after)).toContain('khoản 6a Điều 7');
    expect(groups(after)).not.toContain('điểm g');
  });

  it('cites each clause of Điều 7 as the law writes it', () => {
    expect(['7.2', '7.6a', '7.7c', '7.7dd', '7.7g'].map(clauseCitation)).toEqual([
      'khoản 2 Điều 7', 'khoản 6a Điều 7', 'điểm c khoản 7 Điều 7', 'điểm đ khoản 7 Điều 7', 'điểm g khoản 7 Điều 7',
    ]);
    for (const g of RULES.groups) expect(clauseCitation(g.clause)).toMatch(/^(điểm [a-zđ] )?khoản \d+a? Điều 7$/u);
  });

  it('offers the forms the ticket state calls for', () => {
    expect(formsFor(ticket())).toEqual(['02', '05']);
    expect(formsFor(ticket({ status: 'accepted' }))).toEqual(['02', '04', '05']);
    expect(formsFor(ticket({ status: 'rejected' }))).toEqual(['02', '08']);
    expect(formsFor(ticket({ status: 'withdrawn' }))).toEqual(['02', '05']);
    expect(formsFor(ticket({ status: 'done', referral: { provinceCode: '01', provinceName: 'Hà Nội', centre: 'Trung tâm TGPL Nhà nước TP Hà Nội' } }))).toEqual(['02', '09']);
    const refusal = fillForm('08', ticket({ status: 'rejected' }), {
      ...CTX,
      events: [{ at: '', actor: 'cli', action: 'status', from: 'routed', to: 'rejected', note: 'Vụ việc kinh doanh, thương mại' }],
    });
    expect(refusal.sections[1]!.fields[0]!.value).toBe('Vụ việc kinh doanh, thương mại');
    for (const id of FORM_IDS) expect(fillForm(id, ticket(), CTX).sections.length).toBeGreaterThan(0);
  });

  it('writes DOCX and PDF whose text is the filled form, Vietnamese intact', async () => {
    const form = fillForm('02', ticket(), CTX);
    const lines = formLines(form, BLANK);
    const docx = await docxText(await formDocx(form));
    const pdf = (await pdfText(await formPdf(form))).normalize('NFC');
    for (const line of lines) expect(docx).toContain(line);
    for (const needle of ['ĐƠN YÊU CẦU TRỢ GIÚP PHÁP LÝ', 'Họ và tên: Lò Thị Ển', 'Nơi cư trú: bản Phiêng Ban, xã Bắc Yên, Sơn La', 'Lĩnh vực: Đất đai', 'Mẫu số 02-TP-TGPL', 'Dân tộc: ....']) {
      expect(pdf.replace(/\s+/gu, ' ')).toContain(needle);
    }
    expect(pdf).not.toContain('0912');
  });

  it.runIf(existsSync('/usr/bin/pdftoppm') || existsSync('/usr/local/bin/pdftoppm'))('renders a PDF page with ink where the text is (pdftoppm)', async () => {
    const dir = tempDir();
    const file = join(dir, 'mau-02.pdf');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(file, await formPdf(fillForm('02', ticket(), CTX)));
    execFileSync('pdftoppm', ['-png', '-r', '50', '-f', '1', '-l', '1', file, join(dir, 'page')]);
    const png = PNG.sync.read(readFileSync(join(dir, 'page-1.png')));
    let dark = 0;
    for (let i = 0; i < png.data.length; i += 4) if (png.data[i]! < 128) dark++;
    const share = dark / (png.width * png.height);
    expect(png.width).toBeGreaterThan(400);
    // A blank page (a missing font renders nothing) has no ink; a page of text has a few percent.
    expect(share).toBeGreaterThan(0.01);
    expect(share).toBeLessThan(0.3);
  });
});
