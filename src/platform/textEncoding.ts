/**
 * The text encoding of an input file: UTF-8, with or without a byte-order mark (PowerShell's `Out-File` writes one).
 * UTF-16 and UTF-32 (Windows PowerShell 5's default) and other encodings are named, so the user knows to re-save.
 */
import { isUtf8 } from 'node:buffer';

/** Bytes of the UTF-8 byte-order mark. */
export const UTF8_BOM_LENGTH = 3;

/** True when `head` starts with the UTF-8 byte-order mark (EF BB BF). */
export function hasUtf8Bom(head: Uint8Array): boolean {
  return head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf;
}

const RESAVE = 'save it as UTF-8 (in PowerShell: `Out-File -Encoding utf8`, or `Set-Content -Encoding utf8`)';

/**
 * Why the file starting with `head` is not UTF-8 text, or undefined: a UTF-16 or UTF-32 byte-order mark, or NUL bytes
 * in the first bytes (UTF-16 without a mark: JSON text never holds a NUL).
 */
export function encodingProblem(head: Uint8Array): string | undefined {
  const [a, b, c, d] = head;
  if (a === 0xff && b === 0xfe && c === 0 && d === 0) return `is UTF-32 (little-endian) text, not UTF-8: ${RESAVE}`;
  if (a === 0 && b === 0 && c === 0xfe && d === 0xff) return `is UTF-32 (big-endian) text, not UTF-8: ${RESAVE}`;
  if (a === 0xff && b === 0xfe) return `is UTF-16 (little-endian) text, not UTF-8: ${RESAVE}`;
  if (a === 0xfe && b === 0xff) return `is UTF-16 (big-endian) text, not UTF-8: ${RESAVE}`;
  const sample = head.subarray(0, 64);
  if (sample.includes(0)) return `holds NUL bytes, as UTF-16 or UTF-32 text does; JSON files must be UTF-8: ${RESAVE}`;
  return undefined;
}

/**
 * Decodes a whole file's bytes as UTF-8 text (a leading byte-order mark dropped); the problem in words when it is
 * UTF-16, UTF-32 or not valid UTF-8 (Latin-1 or Windows-1252 text, say).
 */
export function decodeUtf8(bytes: Buffer): { text: string } | { problem: string } {
  const problem = encodingProblem(bytes);
  if (problem) return { problem };
  const body = hasUtf8Bom(bytes) ? bytes.subarray(UTF8_BOM_LENGTH) : bytes;
  if (!isUtf8(body)) return { problem: `is not UTF-8 text (another encoding, e.g. Latin-1 or Windows-1252): ${RESAVE}` };
  return { text: body.toString('utf8') };
}
