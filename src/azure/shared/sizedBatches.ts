/** Splitting a list into requests a service accepts: at most `maxCount` items and about `maxBytes` of JSON each. */

/**
 * Splits `items` in order into batches of at most `maxCount` items whose JSON sizes (plus `overheadBytes` per item, for
 * the envelope) stay within `maxBytes`; an item larger than `maxBytes` goes alone in its batch.
 */
export function sizedBatches<T>(items: readonly T[], limits: { maxBytes: number; maxCount?: number; overheadBytes?: number }): T[][] {
  const maxCount = limits.maxCount ?? Infinity;
  const overhead = limits.overheadBytes ?? 0;
  const out: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const item of items) {
    const size = Buffer.byteLength(JSON.stringify(item), 'utf8') + overhead;
    if (current.length > 0 && (current.length >= maxCount || bytes + size > limits.maxBytes)) {
      out.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += size;
  }
  if (current.length > 0) out.push(current);
  return out;
}
