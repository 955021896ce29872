/** A QR-like symbol drawn as a PNG, for testing the terminal rendering without a QR library. */
import { PNG } from 'pngjs';

/** A 21×21 module grid with the three finder patterns and a fixed pattern elsewhere. */
export function sampleModules(): boolean[][] {
  const n = 21;
  const grid = Array.from({ length: n }, (_, r) => Array.from({ length: n }, (_, c) => (r * 7 + c * 3) % 5 === 0));
  const finder = (top: number, left: number) => {
    for (let r = -1; r <= 7; r++) {
      for (let c = -1; c <= 7; c++) {
        const y = top + r;
        const x = left + c;
        if (y < 0 || x < 0 || y >= n || x >= n) continue;
        const ring = Math.max(Math.abs(r - 3), Math.abs(c - 3));
        grid[y]![x] = ring === 3 || ring <= 1;
      }
    }
  };
  finder(0, 0);
  finder(0, n - 7);
  finder(n - 7, 0);
  return grid;
}

/** The grid as a base64 PNG: `scale` pixels a module, a 4-module white quiet zone. */
export function modulesToPng(grid: boolean[][], scale = 8): string {
  const quiet = 4;
  const size = (grid.length + quiet * 2) * scale;
  const png = new PNG({ width: size, height: size });
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const r = Math.floor(y / scale) - quiet;
      const c = Math.floor(x / scale) - quiet;
      const dark = grid[r]?.[c] ?? false;
      const i = (y * size + x) * 4;
      png.data[i] = png.data[i + 1] = png.data[i + 2] = dark ? 0 : 255;
      png.data[i + 3] = 255;
    }
  }
  return PNG.sync.write(png).toString('base64');
}
