/**
 * terminalText's fast path (text of printable ASCII, → and …) gives exactly what string-width and the grapheme
 * segmenter give: compared on seeded random strings that mix simple characters with control, bidi, combining, wide
 * and emoji ones.
 */
import fc from 'fast-check';
import stringWidth from 'string-width';
import { cell, displayWidth, fitWidth, terminalSafe } from '../../src/cli/terminalText';

// the slow path as it was before the fast path: the libraries alone
// eslint-disable-next-line no-control-regex -- control characters are what this escapes
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;
const slowSafe = (text: string): string => text.replace(UNSAFE, (c) => {
  const code = c.codePointAt(0) ?? 0;
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`;
});
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const slowFit = (text: string, width: number): string => {
  let out = '';
  let used = 0;
  for (const { segment } of graphemes.segment(slowSafe(text))) {
    const w = stringWidth(segment);
    if (used + w > width) break;
    out += segment;
    used += w;
  }
  return out;
};
const slowCell = (text: string, width: number): string => {
  const safe = slowSafe(text);
  const w = stringWidth(safe);
  if (w <= width) return safe + ' '.repeat(width - w);
  const cut = slowFit(safe, width - 1);
  return `${cut}…${' '.repeat(width - 1 - stringWidth(cut))}`;
};

const PIECES = ['a', 'Z', '0', '#', '*', ' ', '~', '-', '→', '…', '\u001b', '\u0007', '\u009b', '\u202e', '\u0301', '日', 'ｆ', '🚀', '\ufe0f', '\u20e3', '\u200d', '\r\n', '↔', '\u2026\ufe0f'];
const text = fc.array(fc.constantFrom(...PIECES), { maxLength: 30 }).map((p) => p.join(''));
const simple = fc.array(fc.constantFrom(...PIECES.slice(0, 10)), { maxLength: 60 }).map((p) => p.join(''));

describe('terminalText: the simple-text fast path matches the libraries', () => {
  it.each([
    ['mixed text', text],
    ['simple text only', simple],
  ])('terminalSafe, displayWidth, fitWidth and cell agree on %s', (_name, strings) => {
    fc.assert(
      fc.property(strings, fc.integer({ min: 1, max: 40 }), (s, width) => {
        expect(terminalSafe(s)).toBe(slowSafe(s));
        expect(displayWidth(s)).toBe(stringWidth(slowSafe(s)));
        expect(fitWidth(s, width)).toBe(slowFit(s, width));
        expect(cell(s, width)).toBe(slowCell(s, width));
      }),
      { seed: 6, numRuns: 3000 },
    );
  });
});
