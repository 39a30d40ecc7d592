/**
 * readSnapshotFile parses runs of compact clusters in one JSON.parse each: on seeded random files (generated fleets,
 * written compact, then bytes changed, dropped or inserted, `},{"id":` planted inside strings and nested objects) it
 * gives exactly what the byte scan alone gives: the same snapshot and warnings, or the same error message.
 */
import fc from 'fast-check';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSnapshotFile } from '../../src/cli/snapshotFile';
import { generateFleet, toFleetSnapshot } from '../../simulator/fleetGenerator';

const dir = mkdtempSync(join(tmpdir(), 'snapshot-runs-'));

/** What readSnapshotFile gives for a file: the snapshot (as JSON, field order included) and warnings, or the error. */
function outcome(path: string, parseRuns: boolean): string {
  const warnings: string[] = [];
  try {
    const snapshot = readSnapshotFile(path, warnings, { parseRuns });
    return JSON.stringify({ snapshot, warnings });
  } catch (error) {
    return `error: ${(error as Error).message}`;
  }
}

const fleetText = (seed: number, clusters: number): string => JSON.stringify({ clusters: toFleetSnapshot(generateFleet({ clusters, subscriptions: 3, seed })).clusters });

/** A change to the file's text at a relative position. */
const edit = fc.record({
  at: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
  op: fc.constantFrom('replace', 'delete', 'insert'),
  text: fc.constantFrom('},{"id":', '"', '\\', '{', '}', ',', ']', '[', ' ', 'x', '1', 'é', '"colour":"red",', '{"id":"a"},', '\u0000', ''),
});

function applied(text: string, edits: { at: number; op: string; text: string }[]): string {
  let out = text;
  for (const e of edits) {
    const i = Math.floor(e.at * out.length);
    out = e.op === 'insert' ? out.slice(0, i) + e.text + out.slice(i) : e.op === 'delete' ? out.slice(0, i) + out.slice(i + 1 + e.text.length) : out.slice(0, i) + e.text + out.slice(i + e.text.length);
  }
  return out;
}

describe('readSnapshotFile: runs parsed at once give what the byte scan gives', () => {
  it('on seeded random compact files with random edits', () => {
    let same = 0;
    let valid = 0;
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 0, max: 40 }), fc.array(edit, { maxLength: 3 }), (seed, clusters, edits) => {
        const path = join(dir, `f-${seed}.json`);
        writeFileSync(path, applied(fleetText(seed, clusters), edits));
        const byRuns = outcome(path, true);
        expect(byRuns).toBe(outcome(path, false));
        same++;
        if (!byRuns.startsWith('error')) valid++;
      }),
      { seed: 6006, numRuns: 400 },
    );
    expect(valid).toBeGreaterThan(50);
    expect(same - valid).toBeGreaterThan(50);
  });

  it('a file of several 4 MiB chunks, with a cluster id holding `},{"id":` and a bad cluster far in', () => {
    const clusters = toFleetSnapshot(generateFleet({ clusters: 20000, subscriptions: 7, seed: 9 })).clusters;
    const odd = clusters.map((c, i) => (i === 7 ? { ...c, id: `${c.id}},{"id":"x` } : c));
    const good = join(dir, 'big.json');
    writeFileSync(good, JSON.stringify({ clusters: odd }));
    expect(outcome(good, true)).toBe(outcome(good, false));
    const bad = join(dir, 'big-bad.json');
    writeFileSync(bad, JSON.stringify({ clusters: odd.map((c, i) => (i === 15000 ? { ...c, kubernetesVersion: 7 } : c)) }));
    expect(outcome(bad, true)).toMatch(/^error: .*big-bad\.json: \$\.clusters\[15000\]\.kubernetesVersion: /);
    expect(outcome(bad, true)).toBe(outcome(bad, false));
  });
});
