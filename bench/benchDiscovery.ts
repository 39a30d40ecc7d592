/**
 * P1: discovery of a 5,000-cluster / 30,000-extension fleet over 20 subscriptions through the real Resource Graph
 * client and the simulator's default quota (15 queries per 5 s): queries against ⌈rows/1000⌉, wall time against the
 * quota-bound floor.
 */

import { ResourceGraphInventory } from '../src/azure/resourceGraph/resourceGraphInventory';
import { generateFleet } from '../simulator/fleetGenerator';
import { startFleetSimulator } from '../simulator/fleetSimulator';
import type { SimFleet } from '../simulator/types';
import type { BenchLine } from './benchReport';

const QUOTA = { queries: 15, windowMs: 5000 };

/** The least time `queries` queries can take under a fixed-window quota (the first window starts at once). */
export function quotaFloorMs(queries: number, quota: { queries: number; windowMs: number }): number {
  return Math.max(0, Math.ceil(queries / quota.queries) - 1) * quota.windowMs;
}

/** One discovery of `fleet` through the real Resource Graph client against a simulator with `quota`: what it found, how many queries, how long. */
export interface DiscoveryRun {
  extensions: number;
  rows: number;
  subscriptions: number;
  wallMs: number;
  queries: number;
  expected: number;
  floorMs: number;
  throttled: number;
  clustersFound: number;
  extensionsFound: number;
  /** Exactly ⌈rows/1000⌉ queries and the whole fleet found. */
  complete: boolean;
}

/** Discovers the whole of `fleet` once over its subscriptions and measures it against the quota floor. */
export async function measureDiscovery(fleet: SimFleet, quota: { queries: number; windowMs: number }): Promise<DiscoveryRun> {
  const sim = await startFleetSimulator({ fleet, quota });
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
    const found = snapshot.clusters.reduce((n, c) => n + c.extensions.length, 0);
    return {
      extensions, rows, subscriptions: subscriptions.length, wallMs, queries, expected, floorMs: quotaFloorMs(expected, quota), throttled: sim.counters().throttled,
      clustersFound: snapshot.clusters.length, extensionsFound: found,
      complete: queries === expected && found === extensions && snapshot.clusters.length === fleet.clusters.length,
    };
  } finally {
    await sim.close();
  }
}

/** Runs P1. */
export async function benchDiscovery(): Promise<BenchLine> {
  const fleet = generateFleet({ clusters: 5000, subscriptions: 20, seed: 5, extensionsPerCluster: [6, 6] });
  const r = await measureDiscovery(fleet, QUOTA);
  return {
    id: 'P1',
    title: `discovery of ${fleet.clusters.length} clusters / ${r.extensions} extensions over ${r.subscriptions} subscriptions, wall vs quota floor`,
    ratio: r.wallMs / r.floorMs,
    comparison: '<=',
    target: 1.2,
    unit: '×',
    details: { rows: r.rows, queries: r.queries, expectedQueries: r.expected, throttled: r.throttled, wallMs: r.wallMs, floorMs: r.floorMs, clustersFound: r.clustersFound, extensionsFound: r.extensionsFound },
    condition: { text: `exactly ⌈rows/1000⌉ = ${r.expected} queries and the whole fleet found`, holds: r.complete },
  };
}
