import { describe, expect, it } from 'vitest';
import { qrModules, qrToTerminal } from '../../../bot/channels/qr-terminal.ts';
import { modulesToPng, sampleModules } from '../../fakes/qr-png.ts';

describe('QR code in the terminal', () => {
  it.each([4, 8, 11])('reads every module back from a PNG drawn at %i px a module', (scale) => {
    const grid = sampleModules();
    expect(qrModules(modulesToPng(grid, scale))).toEqual(grid);
  });

  it('draws two module rows per line, square, with a quiet zone', () => {
    const text = qrToTerminal(modulesToPng(sampleModules()))!;
    const lines = text.split('\n');
    expect(lines).toHaveLength(13); // (21 + 2 × 2) / 2, rounded up
    expect(lines.every((l) => [...l].length === 25)).toBe(true);
    expect(lines[0]).toBe('█'.repeat(25));
  });

  it('gives up on an image with no finder pattern', () => {
    expect(qrModules(modulesToPng([[false]]))).toBeUndefined();
  });
});
