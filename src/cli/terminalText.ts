/**
 * Text from a snapshot or a table row made safe for a terminal and measured as a terminal shows it: control
 * characters (C0, DEL, C1) and bidirectional overrides are escaped as visible `\xNN` / `\u{NNNN}` text, so a name
 * cannot retitle the terminal, clear the screen or reorder a line; widths are display columns (`string-width`:
 * CJK and emoji take two), cut on grapheme boundaries.
 */
import stringWidth from 'string-width';

// eslint-disable-next-line no-control-regex -- control characters are what this escapes
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;

/**
 * Text whose every character is one column and its own grapheme, with nothing to escape: printable ASCII and the
 * arrow and ellipsis the table prints. For such text width is length, escaping changes nothing and a cut is a slice
 * (what string-width and the segmenter give, at a fraction of their cost: test/cli/terminalText.test.ts compares them).
 */
const SIMPLE = /^[\x20-\x7e\u2192\u2026]*$/;

/** `text` with every control character and bidi override escaped as visible text. */
export function terminalSafe(text: string): string {
  if (SIMPLE.test(text)) return text;
  return text.replace(UNSAFE, (c) => {
    const code = c.codePointAt(0) ?? 0;
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`;
  });
}

/** Display columns `text` takes in a terminal (after escaping). */
export function displayWidth(text: string): number {
  if (SIMPLE.test(text)) return text.length;
  return stringWidth(terminalSafe(text));
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** The longest prefix of (safe) `text` that fits `width` columns, cut between graphemes. */
export function fitWidth(text: string, width: number): string {
  if (SIMPLE.test(text)) return text.slice(0, Math.max(width, 0));
  let out = '';
  let used = 0;
  for (const { segment } of graphemes.segment(terminalSafe(text))) {
    const w = stringWidth(segment);
    if (used + w > width) break;
    out += segment;
    used += w;
  }
  return out;
}

/** `text` escaped, then padded with spaces or cut with `…` to exactly `width` display columns. */
export function cell(text: string, width: number): string {
  if (width >= 1 && SIMPLE.test(text)) return text.length <= width ? text + ' '.repeat(width - text.length) : `${text.slice(0, width - 1)}…`;
  const safe = terminalSafe(text);
  const w = stringWidth(safe);
  if (w <= width) return safe + ' '.repeat(width - w);
  const cut = fitWidth(safe, width - 1);
  return `${cut}…${' '.repeat(width - 1 - stringWidth(cut))}`;
}
