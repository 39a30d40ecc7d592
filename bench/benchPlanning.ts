/** P2: planning 100k extensions against parsing the same snapshot (JSON text → validated snapshot). */
import { planFleet } from '../src/domain/plan';
import { defaultPolicy } from '../src/domain/policySchema';
import { parseSnapshot } from '../src/domain/schemas/snapshotSchema';
import { parseJsonText } from '../src/domain/schemas/zodInput';
import { generateFleet, toCatalog, toFleetSnapshot } from '../simulator/fleetGenerator';
import type { BenchLine } from './benchReport';

/** A generated fleet of about `extensions` extensions, as snapshot JSON text and catalog. */
export function syntheticFleet(extensions: number, seed = 42): { text: string; catalog: ReturnType<typeof toCatalog>; count: number } {
  const fleet = generateFleet({ clusters: Math.ceil(extensions / 5), subscriptions: 20, seed, extensionsPerCluster: [4, 6] });
  const snapshot = toFleetSnapshot(fleet);
  const count = snapshot.clusters.reduce((n, c) => n + c.extensions.length, 0);
  return { text: JSON.stringify(snapshot), catalog: toCatalog(fleet), count };
}

/** Best of `runs` timings of `fn`, in ms. */
function best(runs: number, fn: () => void): number {
  let min = Infinity;
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    fn();
    min = Math.min(min, Number(process.hrtime.bigint() - t) / 1e6);
  }
  return min;
}

/** Runs P2. */
export function benchPlanning(): BenchLine {
  const { text, catalog, count } = syntheticFleet(100_000);
  const now = new Date('2026-01-01T00:00:00Z');
  const policy = defaultPolicy();
  const parse = (): ReturnType<typeof parseSnapshot> => parseSnapshot(parseJsonText(text, 'bench'), 'bench');
  const snapshot = parse();
  let decisions = 0;
  const parseMs = best(3, () => void parse());
  const planMs = best(3, () => void (decisions = planFleet(snapshot, catalog, policy, now).length));
  return {
    id: 'P2',
    title: `planning ${count} extensions vs parsing the snapshot`,
    ratio: planMs / parseMs,
    comparison: '<=',
    target: 2,
    unit: '×',
    details: { extensions: count, decisions, parseMs, planMs, snapshotMB: text.length / 1e6 },
  };
}
