/**
 * P3: applying 2,000 moves across 10 subscriptions through the real extensions client and LROs, against the
 * simulator's per-subscription write token bucket: achieved moves per second against the rate the quota allows.
 */

import { ArmExtensionWriter } from '../src/azure/arm/armExtensionWriter';
import { sleep } from '../src/azure/shared/retry';
import { afterThrottle } from '../src/domain/throttle';
import type { HopRequest } from '../src/domain/ports';
import { planFleet } from '../src/domain/plan';
import { defaultPolicy } from '../src/domain/policySchema';
import { generateFleet, toCatalog, toFleetSnapshot } from '../simulator/fleetGenerator';
import { startFleetSimulator } from '../simulator/fleetSimulator';
import type { BenchLine } from './benchReport';

const BUCKET = { burst: 20, refillPerSecond: 20 };
const MOVES_PER_SUBSCRIPTION = 200;
const WORKERS_PER_SUBSCRIPTION = 2;

/** The least time the moves can take: per subscription, moves beyond the burst at the refill rate; subscriptions run side by side. */
export function writeFloorMs(movesPerSubscription: number[], bucket: { burst: number; refillPerSecond: number }): number {
  return Math.max(0, ...movesPerSubscription.map((m) => (Math.max(0, m - bucket.burst) / bucket.refillPerSecond) * 1000));
}

/** Runs P3. */
export async function benchApply(): Promise<BenchLine> {
  const fleet = generateFleet({ clusters: 1200, subscriptions: 10, seed: 9, extensionsPerCluster: [4, 6] });
  const sim = await startFleetSimulator({ fleet, writeBucket: BUCKET, lroSteps: 1 });
  try {
    // The moves the policy allows once every cluster's upgrade window is open: real, compatible targets.
    const snapshot = toFleetSnapshot(fleet);
    for (const c of snapshot.clusters) c.reconciledKubernetesVersion = '1.0.0';
    const bySubscription = new Map<string, HopRequest[]>();
    for (const d of planFleet(snapshot, toCatalog(fleet), defaultPolicy(), new Date('2026-01-01T00:00:00Z'))) {
      const sub = d.clusterId.split('/')[2]!;
      const list = bySubscription.get(sub) ?? [];
      if (d.action === 'upgrade' && list.length < MOVES_PER_SUBSCRIPTION) list.push({ clusterId: d.clusterId, extensionName: d.extensionName, version: d.path[0]! });
      bySubscription.set(sub, list);
    }
    if ([...bySubscription.values()].some((l) => l.length < MOVES_PER_SUBSCRIPTION)) throw new Error('P3: the generated fleet has too few allowed moves');
    const writer = new ArmExtensionWriter({ endpoint: sim.endpoint, credential: sim.credential, ca: sim.ca }, { pollIntervalMs: 20, maxRetries: 50, timeoutMs: 120_000 });
    sim.resetCounters();
    const outcomes: Record<string, number> = {};
    let throttleWaits = 0;
    const t = process.hrtime.bigint();
    await Promise.all(
      [...bySubscription.values()].flatMap((hops) =>
        Array.from({ length: WORKERS_PER_SUBSCRIPTION }, async () => {
          for (let hop = hops.shift(); hop; hop = hops.shift()) {
            // as the clusterRollout orchestration does: a hop throttled beyond the writer's retries waits out Retry-After and tries again
            let outcome = await writer.applyHop(hop);
            for (let waits = 0; outcome.kind === 'throttled'; ) {
              const step = afterThrottle(waits++, outcome.retryAfterMs);
              if (step.kind === 'defer') break;
              throttleWaits++;
              await sleep(step.delayMs);
              outcome = await writer.applyHop(hop);
            }
            outcomes[outcome.kind] = (outcomes[outcome.kind] ?? 0) + 1;
          }
        }),
      ),
    );
    const wallMs = Number(process.hrtime.bigint() - t) / 1e6;
    const moves = Object.values(outcomes).reduce((a, b) => a + b, 0);
    const perSub = [...new Set(fleet.clusters.map((c) => c.id.split('/')[2]!))].map(() => MOVES_PER_SUBSCRIPTION);
    const floorMs = writeFloorMs(perSub, BUCKET);
    const achieved = (moves / wallMs) * 1000;
    const allowed = (moves / floorMs) * 1000;
    return {
      id: 'P3',
      title: `apply ${moves} moves across ${perSub.length} subscriptions vs the write quota`,
      ratio: achieved / allowed,
      comparison: '>=',
      target: 0.9,
      unit: '×',
      details: { moves, ...outcomes, movesPerSecond: achieved, quotaMovesPerSecond: allowed, wallMs, floorMs, throttledResponses: sim.counters().throttled, throttleWaits, writesApplied: sim.counters().writesApplied.length },
      condition: { text: 'every move succeeded exactly once', holds: (outcomes.succeeded ?? 0) === moves && sim.counters().writesApplied.length === moves },
    };
  } finally {
    await sim.close();
  }
}
