/**
 * Duplicate keys in JSON text. JSON.parse keeps the last of two equal keys in an object silently (`{"version":"1.0.0",
 * "version":"2.0.0"}` is 2.0.0): every JSON input is checked, and a duplicate is a user error naming both paths.
 *
 * Two ways: `findDuplicateKey` reads the text (a small tokenizer: exact, for whole files and request bodies), and
 * `compactLengthOf` lets large inputs skip that read: a value parsed from text with no backslash and no number is
 * exactly as long as its compact form only when no member was dropped (a dropped duplicate, like any blank, makes the
 * text longer). Pure.
 */
import { InputError, jsonPath } from '../inputError';

/** A duplicate key: the key and its path (segments from the text's root; both occurrences share it). */
export interface DuplicateKey {
  key: string;
  path: (string | number)[];
}

const QUOTE = 0x22, BACKSLASH = 0x5c, OPEN_OBJECT = 0x7b, CLOSE_OBJECT = 0x7d, OPEN_ARRAY = 0x5b, CLOSE_ARRAY = 0x5d, COLON = 0x3a, COMMA = 0x2c;

interface Frame {
  keys: Set<string> | undefined; // undefined: an array
  at: string | number; // the current member's key or element index
}

/** The first duplicate key of valid JSON `text` (it parsed), or undefined. Paths start at the text's root value. */
export function findDuplicateKey(text: string): DuplicateKey | undefined {
  const stack: Frame[] = [];
  const path = (): (string | number)[] => stack.map((f) => f.at);
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      let j = i + 1;
      let raw = false;
      for (; j < text.length; j++) {
        const d = text.charCodeAt(j);
        if (d === BACKSLASH) {
          raw = true;
          j++;
        } else if (d === QUOTE) break;
      }
      if (expectKey) {
        const top = stack[stack.length - 1]!;
        const key = raw ? (JSON.parse(text.slice(i, j + 1)) as string) : text.slice(i + 1, j);
        if (top.keys!.has(key)) {
          return { key, path: [...path().slice(0, -1), key] };
        }
        top.keys!.add(key);
        top.at = key;
        expectKey = false;
      }
      i = j;
    } else if (c === OPEN_OBJECT) {
      stack.push({ keys: new Set(), at: '' });
      expectKey = true;
    } else if (c === OPEN_ARRAY) stack.push({ keys: undefined, at: 0 });
    else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      stack.pop();
      expectKey = false;
    } else if (c === COMMA) {
      const top = stack[stack.length - 1];
      if (top?.keys) expectKey = true;
      else if (top) top.at = (top.at as number) + 1;
    } else if (c === COLON) expectKey = false;
  }
  return undefined;
}

/** The InputError parts of a duplicate: its path (`rebase` maps it under the input's own root) and the problem. */
export function duplicateKeyProblem(d: DuplicateKey, rebase: (path: (string | number)[]) => (string | number)[] = (p) => p): { path: string; problem: string } {
  return { path: jsonPath(rebase(d.path)), problem: `the key "${d.key}" appears twice in the same object (JSON would keep only the last): remove one` };
}

/** Throws an InputError naming `input` when `text` (valid JSON) has a duplicate key. */
export function refuseDuplicateKeys(text: string, input: string, rebase?: (path: (string | number)[]) => (string | number)[]): void {
  const d = findDuplicateKey(text);
  if (!d) return;
  const { path, problem } = duplicateKeyProblem(d, rebase);
  throw new InputError(input, path, problem);
}

/**
 * The length of `value` written as compact JSON, or -1 when it holds a number (a number's text may be shorter than
 * its compact form, so the length says nothing). Only meaningful for values parsed from text without backslashes.
 */
export function compactLengthOf(value: unknown): number {
  if (typeof value === 'string') return value.length + 2;
  if (value === null || value === true) return 4;
  if (value === false) return 5;
  if (typeof value !== 'object') return -1;
  if (Array.isArray(value)) {
    let n = value.length > 0 ? value.length + 1 : 2;
    for (const v of value as unknown[]) {
      const l = compactLengthOf(v);
      if (l < 0) return -1;
      n += l;
    }
    return n;
  }
  let n = 1;
  let members = 0;
  const o = value as Record<string, unknown>;
  for (const key in o) {
    const l = compactLengthOf(o[key]);
    if (l < 0) return -1;
    n += key.length + 4 + l; // "key": value and its comma (or the closing brace)
    members++;
  }
  return members === 0 ? 2 : n;
}

/**
 * As refuseDuplicateKeys for `text` already parsed into `value`, cheaply when it can: text with no backslash whose
 * value has no number is exactly as long as the value's compact form only when it has no duplicate key (and no
 * blank); anything else is read by the tokenizer.
 */
export function refuseDuplicateKeysOf(text: string, value: unknown, input: string, rebase?: (path: (string | number)[]) => (string | number)[]): void {
  if (text.indexOf('\\') < 0 && compactLengthOf(value) === text.length) return;
  refuseDuplicateKeys(text, input, rebase);
}
