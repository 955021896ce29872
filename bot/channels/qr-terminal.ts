/**
 * Shows a QR code PNG (as zca-js gives it, base64) in the terminal: finds the module size from the
 * top-left finder pattern (7 modules wide), samples each module's centre, and draws two modules
 * per character row with half blocks, so it stays square and scannable from the screen.
 */
import { PNG } from 'pngjs';

/** The QR's modules (true = dark), or undefined when the image has no recognisable finder pattern. */
export function qrModules(pngBase64: string): boolean[][] | undefined {
  const png = PNG.sync.read(Buffer.from(pngBase64.replace(/^data:image\/png;base64,/u, ''), 'base64'));
  const dark = (x: number, y: number) => {
    const i = (y * png.width + x) * 4;
    const alpha = png.data[i + 3]! / 255;
    const lum = (0.299 * png.data[i]! + 0.587 * png.data[i + 1]! + 0.114 * png.data[i + 2]!) * alpha + 255 * (1 - alpha);
    return lum < 128;
  };
  // The first dark pixel, scanning rows: the top-left corner of the finder pattern.
  let top = -1;
  let left = -1;
  for (let y = 0; y < png.height && top < 0; y++) {
    for (let x = 0; x < png.width; x++) {
      if (dark(x, y)) {
        top = y;
        left = x;
        break;
      }
    }
  }
  if (top < 0) return undefined;
  let run = 0;
  while (left + run < png.width && dark(left + run, top)) run++;
  const moduleSize = run / 7;
  if (moduleSize < 1) return undefined;
  // The right edge of the symbol: the last dark pixel on the finder's top row of the other corner.
  let right = png.width - 1;
  while (right > left && !dark(right, top)) right--;
  const count = Math.round((right - left + 1) / moduleSize);
  if (count < 21 || count > 177) return undefined;
  const modules: boolean[][] = [];
  for (let r = 0; r < count; r++) {
    const row: boolean[] = [];
    for (let c = 0; c < count; c++) {
      const x = Math.min(png.width - 1, Math.floor(left + (c + 0.5) * moduleSize));
      const y = Math.min(png.height - 1, Math.floor(top + (r + 0.5) * moduleSize));
      row.push(dark(x, y));
    }
    modules.push(row);
  }
  return modules;
}

/** The QR as text for a terminal, with a quiet zone, or undefined when it cannot be read. */
export function qrToTerminal(pngBase64: string): string | undefined {
  const modules = qrModules(pngBase64);
  if (!modules) return undefined;
  const quiet = 2;
  const n = modules.length + quiet * 2;
  const at = (r: number, c: number) => modules[r - quiet]?.[c - quiet] ?? false;
  const lines: string[] = [];
  for (let r = 0; r < n; r += 2) {
    let line = '';
    for (let c = 0; c < n; c++) {
      const upper = at(r, c);
      const lower = r + 1 < n ? at(r + 1, c) : false;
      // Light modules are drawn, dark ones left as the (dark) terminal background.
      line += upper ? (lower ? ' ' : '▄') : lower ? '▀' : '█';
    }
    lines.push(line);
  }
  return lines.join('\n');
}
