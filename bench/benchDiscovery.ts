/**
 * P1: discovery of a 5,000-cluster / 30,000-extension fleet over 20 subscriptions through the real Resource Graph
 * client and the simulator's default quota (15 queries per 5 s): queries against ⌈rows/1000⌉, wall time against the
 * quota-bound floor.
 */

import { ResourceGraphInventory } from '../src/azure/resourceGraph/resourceGraphInventory';
import { generateFleet } from '../test/simulator/fleetGenerator';
import { startFleetSimulator } from '../test/simulator/fleetSimulator';
import type { BenchLine } from './benchReport';

const QUOTA = { queries: 15, windowMs: 5000 };

/** The least time `queries` queries can take under a fixed-window quota (the first window starts at once). */
export function quotaFloorMs(queries: number, quota: { queries: number; windowMs: number }): number {
  return Math.max(0, Math.ceil(queries / quota.queries) - 1) * quota.windowMs;
}

/** Runs P1. */
export async function benchDiscovery(): Promise<BenchLine> {
  const fleet = generateFleet({ clusters: 5000, subscriptions: 20, seed: 5, extensionsPerCluster: [6, 6] });
  const sim = await startFleetSimulator({ fleet, quota: QUOTA });
  try {
    const extensions = fleet.clusters.reduce((n, c) => n + c.extensions.length, 0);
    const rows = fleet.clusters.reduce((n, c) => n + Math.max(1, c.extensions.length), 0);
    const inventory = new ResourceGraphInventory({ endpoint: sim.endpoint, credential: sim.credential, ca: sim.ca });
    const subscriptions = [...new Set(fleet.clusters.map((c) => c.id.split('/')[2]!))];
    sim.resetCounters();
    const t = process.hrtime.bigint();
    const snapshot = await inventory.discover({ subscriptions, managementGroups: [] });
    const wallMs = Number(process.hrtime.bigint() - t) / 1e6;
    const queries = sim.counters().calls.resourceGraph ?? 0;
    const expected = Math.ceil(rows / 1000);
    const floorMs = quotaFloorMs(expected, QUOTA);
    const found = snapshot.clusters.reduce((n, c) => n + c.extensions.length, 0);
    return {
      id: 'P1',
      title: `discovery of ${fleet.clusters.length} clusters / ${extensions} extensions over ${subscriptions.length} subscriptions, wall vs quota floor`,
      ratio: wallMs / floorMs,
      comparison: '<=',
      target: 1.2,
      unit: '×',
      details: { rows, queries, expectedQueries: expected, throttled: sim.counters().throttled, wallMs, floorMs, clustersFound: snapshot.clusters.length, extensionsFound: found },
      condition: { text: `exactly ⌈rows/1000⌉ = ${expected} queries and the whole fleet found`, holds: queries === expected && found === extensions && snapshot.clusters.length === fleet.clusters.length },
    };
  } finally {
    await sim.close();
  }
}
