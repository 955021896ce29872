/**
 * The fonts the PDFs are written with: DejaVu Sans (regular and bold), which covers every Vietnamese
 * letter with its diacritics, shipped by the npm package dejavu-fonts-ttf — so a PDF renders the same
 * on a fresh machine after `npm install` alone, with no system font assumed.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

function fontDir(): string {
  return join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
}

/** The TrueType files of the PDF font: regular and bold. */
export function pdfFonts(): { regular: string; bold: string } {
  const dir = fontDir();
  const fonts = { regular: join(dir, 'DejaVuSans.ttf'), bold: join(dir, 'DejaVuSans-Bold.ttf') };
  for (const f of Object.values(fonts)) if (!existsSync(f)) throw new Error(`thiếu phông chữ ${f}: hãy chạy npm install`);
  return fonts;
}
