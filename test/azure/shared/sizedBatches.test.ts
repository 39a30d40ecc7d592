import fc from 'fast-check';
import { sizedBatches } from '../../../src/azure/shared/sizedBatches';

describe('sizedBatches', () => {
  it('keeps order, respects the count and byte limits, and puts an oversized item alone', () => {
    const items = [{ s: 'a'.repeat(10) }, { s: 'b'.repeat(10) }, { s: 'c'.repeat(100) }, { s: 'd' }];
    expect(sizedBatches(items, { maxBytes: 40 })).toEqual([[items[0], items[1]], [items[2]], [items[3]]]);
    expect(sizedBatches(items, { maxBytes: 10_000, maxCount: 3 })).toEqual([items.slice(0, 3), [items[3]]]);
    expect(sizedBatches([], { maxBytes: 1 })).toEqual([]);
  });

  it('never loses, reorders or over-fills (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 50 })), fc.integer({ min: 1, max: 200 }), fc.integer({ min: 1, max: 10 }), (items, maxBytes, maxCount) => {
        const batches = sizedBatches(items, { maxBytes, maxCount, overheadBytes: 2 });
        expect(batches.flat()).toEqual(items);
        for (const b of batches) {
          expect(b.length).toBeGreaterThan(0);
          expect(b.length).toBeLessThanOrEqual(maxCount);
          const bytes = b.reduce((n, s) => n + Buffer.byteLength(JSON.stringify(s)) + 2, 0);
          if (b.length > 1) expect(bytes).toBeLessThanOrEqual(maxBytes);
        }
      }),
      { seed: 42, numRuns: 500 },
    );
  });
});
