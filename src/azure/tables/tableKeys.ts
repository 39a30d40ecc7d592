/**
 * Safe PartitionKey/RowKey encoding for Table storage. Keys may not contain `/ \ # ?` or control characters and are at
 * most 1 KiB (512 UTF-16 units). Encoding escapes those (and the escape characters themselves) as `!XX` (two hex
 * digits) or `!uXXXX` (lone surrogates); it is reversible unless the result would exceed MAX_KEY_LENGTH, in which case
 * a readable prefix is kept and a SHA-256 digest appended after `~` (callers store the original in a column).
 */
import { createHash } from 'node:crypto';

/** Longest key this module produces (UTF-16 units; Azure allows 512). Leaves room to join two keys with a separator. */
export const MAX_KEY_LENGTH = 240;

/** Separator for composite keys: never produced inside an encoded part. */
export const KEY_SEPARATOR = '|';

const HASH_MARK = '~';
const DIGEST_LENGTH = 32;

function mustEscape(code: number): boolean {
  return (
    code < 0x20 ||
    (code >= 0x7f && code <= 0x9f) ||
    code === 0x2f || // /
    code === 0x5c || // \
    code === 0x23 || // #
    code === 0x3f || // ?
    code === 0x21 || // ! (the escape)
    code === 0x7e || // ~ (the hash mark)
    code === 0x7c || // | (the composite separator)
    code === 0x25 || // % (breaks URL decoding in some Table front ends)
    code === 0x27 // ' (keeps OData filters simple)
  );
}

function hex(code: number, width: number): string {
  return code.toString(16).toUpperCase().padStart(width, '0');
}

/** Escapes every forbidden character; always reversible with `decodeKey`, but unbounded in length. */
export function escapeKey(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        out += value[i]! + value[i + 1]!;
        i++;
      } else {
        out += `!u${hex(code, 4)}`;
      }
    } else if (code >= 0xdc00 && code <= 0xdfff) {
      out += `!u${hex(code, 4)}`;
    } else if (mustEscape(code)) {
      out += `!${hex(code, 2)}`;
    } else {
      out += value[i]!;
    }
  }
  return out;
}

/** Encodes any string as a valid key of at most `maxLength` units; reversible when the escaped form fits. */
export function encodeKey(value: string, maxLength: number = MAX_KEY_LENGTH): string {
  const escaped = escapeKey(value);
  if (escaped.length <= maxLength) return escaped;
  const digest = createHash('sha256').update(value, 'utf8').digest('hex').slice(0, DIGEST_LENGTH);
  let prefix = escaped.slice(0, maxLength - DIGEST_LENGTH - 1);
  // Do not cut an escape sequence or a surrogate pair in half.
  const bang = prefix.lastIndexOf('!');
  if (bang >= 0 && prefix.length - bang < (prefix[bang + 1] === 'u' ? 6 : 3)) prefix = prefix.slice(0, bang);
  const last = prefix.charCodeAt(prefix.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) prefix = prefix.slice(0, -1);
  return `${prefix}${HASH_MARK}${digest}`;
}

/** True when `key` was shortened with a digest (the original must be read from a column). */
export function isHashedKey(key: string): boolean {
  return key.includes(HASH_MARK);
}

/** The original string of an encoded key; undefined for hashed (shortened) keys or text that is not an encoded key. */
export function decodeKey(key: string): string | undefined {
  if (isHashedKey(key)) return undefined;
  let out = '';
  for (let i = 0; i < key.length; i++) {
    const ch = key[i]!;
    if (ch !== '!') {
      out += ch;
      continue;
    }
    const long = key[i + 1] === 'u';
    const digits = long ? key.slice(i + 2, i + 6) : key.slice(i + 1, i + 3);
    if (!/^[0-9A-F]+$/.test(digits) || digits.length !== (long ? 4 : 2)) return undefined;
    out += String.fromCharCode(parseInt(digits, 16));
    i += long ? 5 : 2;
  }
  return out;
}

/** True when `key` contains nothing Table storage forbids and fits in 1 KiB. */
export function isValidTableKey(key: string): boolean {
  if (key.length > 512) return false;
  for (let i = 0; i < key.length; i++) {
    const code = key.charCodeAt(i);
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2f || code === 0x5c || code === 0x23 || code === 0x3f) return false;
  }
  return true;
}

/** Key for an ARM id: lower-cased (ARM ids are case-insensitive), then encoded. */
export function armIdKey(armId: string): string {
  return encodeKey(armId.toLowerCase());
}
