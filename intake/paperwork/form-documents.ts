/**
 * A filled form (forms.ts) written as DOCX (the `docx` package: Word opens it and staff can edit it)
 * and as PDF (pdfkit with DejaVu Sans from npm, so Vietnamese renders anywhere). Blank fields are
 * dotted lines for handwriting; a form whose layout is unchecked says so in small print at the foot.
 */
import { AlignmentType, Document, Packer, Paragraph, TextRun } from 'docx';
import PDFDocument from 'pdfkit';
import { NATIONAL_HEADING, type FilledForm } from './forms.ts';
import { pdfFonts } from './fonts.ts';

/** The dots left for handwriting where the intake collected nothing. */
export const BLANK = '.'.repeat(60);
/** The small print on a form whose layout was not checked against the official template. */
export const UNCHECKED_NOTE = 'Bản điền sẵn từ trợ lý trợ giúp pháp lý; bố cục cần đối chiếu với mẫu chính thức.';

export type DocumentFormat = 'docx' | 'pdf';

export const MIME_TYPES: Record<DocumentFormat, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
};

export async function formDocx(form: FilledForm): Promise<Buffer> {
  const font = 'Times New Roman';
  const centred = (text: string, opts: { bold?: boolean; size?: number; italics?: boolean } = {}) =>
    new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text, bold: opts.bold, italics: opts.italics, size: opts.size ?? 26, font })] });
  const children: Paragraph[] = [];
  if (form.issuer) children.push(new Paragraph({ children: [new TextRun({ text: form.issuer, bold: true, size: 24, font })] }));
  children.push(centred(NATIONAL_HEADING[0], { bold: true }), centred(NATIONAL_HEADING[1], { bold: true }));
  children.push(new Paragraph({ alignment: AlignmentType.RIGHT, children: [new TextRun({ text: form.code, italics: true, size: 22, font })] }));
  children.push(centred(form.title, { bold: true, size: 30 }));
  children.push(centred(form.addressee));
  for (const s of form.sections) {
    children.push(new Paragraph({ spacing: { before: 200 }, children: [new TextRun({ text: s.heading, bold: true, size: 26, font })] }));
    for (const f of s.fields) {
      children.push(
        new Paragraph({
          children: [new TextRun({ text: `${f.label}: `, size: 26, font }), new TextRun({ text: f.value ?? BLANK, size: 26, font })],
        }),
      );
      if (f.long && f.value === null) children.push(new Paragraph({ children: [new TextRun({ text: BLANK, size: 26, font })] }));
    }
  }
  for (const line of form.footer) children.push(new Paragraph({ spacing: { before: 200 }, children: [new TextRun({ text: line, size: 26, font })] }));
  children.push(new Paragraph({ spacing: { before: 300 }, alignment: AlignmentType.RIGHT, children: [new TextRun({ text: form.signature.place, italics: true, size: 26, font })] }));
  if (form.signature.left) children.push(new Paragraph({ children: [new TextRun({ text: form.signature.left, bold: true, size: 26, font })] }));
  children.push(new Paragraph({ alignment: AlignmentType.RIGHT, children: [new TextRun({ text: form.signature.right, bold: true, size: 26, font })] }));
  children.push(new Paragraph({ alignment: AlignmentType.RIGHT, children: [new TextRun({ text: form.signature.note, italics: true, size: 24, font })] }));
  if (form.verify) children.push(new Paragraph({ spacing: { before: 400 }, children: [new TextRun({ text: UNCHECKED_NOTE, italics: true, size: 18, font })] }));
  const doc = new Document({
    creator: 'Trợ lý trợ giúp pháp lý',
    title: `${form.code} ${form.title}`,
    sections: [{ properties: { page: { margin: { top: 1134, bottom: 1134, left: 1701, right: 850 } } }, children }],
  });
  return Packer.toBuffer(doc);
}

export async function formPdf(form: FilledForm): Promise<Buffer> {
  const fonts = pdfFonts();
  const doc = new PDFDocument({ size: 'A4', margins: { top: 56, bottom: 56, left: 70, right: 50 }, info: { Title: `${form.code} ${form.title}`, Creator: 'Trợ lý trợ giúp pháp lý' } });
  doc.registerFont('regular', fonts.regular);
  doc.registerFont('bold', fonts.bold);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const x = doc.page.margins.left;
  if (form.issuer) doc.font('bold').fontSize(10).text(form.issuer, x, undefined, { width });
  doc.font('bold').fontSize(11).text(NATIONAL_HEADING[0], x, undefined, { width, align: 'center' });
  doc.text(NATIONAL_HEADING[1], x, undefined, { width, align: 'center' });
  doc.font('regular').fontSize(9).text(form.code, x, undefined, { width, align: 'right' });
  doc.moveDown(0.5).font('bold').fontSize(13).text(form.title, x, undefined, { width, align: 'center' });
  doc.font('regular').fontSize(11).text(form.addressee, x, undefined, { width, align: 'center' });
  for (const s of form.sections) {
    doc.moveDown(0.6).font('bold').fontSize(11).text(s.heading, x, undefined, { width });
    for (const f of s.fields) {
      doc.font('regular').fontSize(11).text(`${f.label}: ${f.value ?? BLANK}`, x, undefined, { width });
      if (f.long && f.value === null) doc.text(BLANK, x, undefined, { width });
    }
  }
  for (const line of form.footer) doc.moveDown(0.4).font('regular').fontSize(11).text(line, x, undefined, { width });
  doc.moveDown(1).font('regular').fontSize(11).text(form.signature.place, x, undefined, { width, align: 'right' });
  if (form.signature.left) doc.font('bold').text(form.signature.left, x, undefined, { width });
  doc.font('bold').text(form.signature.right, x, undefined, { width, align: 'right' });
  doc.font('regular').fontSize(10).text(form.signature.note, x, undefined, { width, align: 'right' });
  if (form.verify) doc.moveDown(2).fontSize(8).text(UNCHECKED_NOTE, x, undefined, { width });
  doc.end();
  return done;
}

export function formDocument(form: FilledForm, format: DocumentFormat): Promise<Buffer> {
  return format === 'docx' ? formDocx(form) : formPdf(form);
}

/** The file name a form of a ticket is given ("TG-2026-000003-mau-02.pdf"). */
export function formFileName(ticketNumber: string, id: string, format: DocumentFormat): `${string}.${string}` {
  return `${ticketNumber}-mau-${id}.${format}`;
}
