/**
 * Helpers of the fault matrix: a small end-to-end world, a writer with short retries/timeouts, stepping a rollout to a
 * point of interest, and the final-state check every fault test ends with (converged, no move applied twice, no audit
 * row lost, status tells the truth).
 */
import { ArmExtensionWriter, type ArmExtensionWriterOptions } from '../../src/azure/arm/armExtensionWriter';
import { armConnection } from '../../src/azure/arm/armConnection';
import type { AuditRecord } from '../../src/domain/ports';
import type { FleetRolloutSummary } from '../../src/functions/fleetRollout';
import type { DurableHarness } from '../../simulator/world/durableHarness';
import { startE2eWorld, type E2eWorld, type E2eWorldOptions } from '../../simulator/world/e2eWorld';
import { oraclePlan, type OracleDecision } from '../../soak/oracle';

/** Four rings by tag, failures never halt (each fault test checks its own outcome; halting has its own test). */
export const FAULT_POLICY = {
  rollout: {
    ringTag: 'ring',
    rings: [
      { name: 'canary', maxParallel: 2, bakeMinutes: 30, maxFailureRatio: 1 },
      { name: 'early', maxParallel: 4, bakeMinutes: 60, maxFailureRatio: 1 },
      { name: 'broad', maxParallel: 8, bakeMinutes: 60, maxFailureRatio: 1 },
      { name: 'prod', maxParallel: 8, maxFailureRatio: 1 },
    ],
    healthCheckIntervalSeconds: 10,
    healthCheckTimeoutMinutes: 2,
  },
};

/** Options of a fault world: a generated fleet (clusters, seed) plus any world option. */
export interface FaultWorldOptions extends Omit<E2eWorldOptions, 'generate' | 'fleet'> {
  clusters?: number;
  seed?: number;
}

/** A world over a small generated fleet (2 subscriptions, 2-4 extensions per cluster). */
export function faultWorld(options: FaultWorldOptions = {}): Promise<E2eWorld> {
  const { clusters = 20, seed = 11, ...rest } = options;
  return startE2eWorld({ policy: FAULT_POLICY, ...rest, generate: { clusters, subscriptions: 2, seed, extensionsPerCluster: [2, 4] } });
}

/** Installs (in the world's services) an ArmExtensionWriter against the simulator with the given options. */
export function installWriter(world: E2eWorld, options: ArmExtensionWriterOptions): ArmExtensionWriter {
  const conn = armConnection({ endpoint: world.sim.endpoint, credential: world.sim.credential });
  conn.ca = world.sim.ca;
  const writer = new ArmExtensionWriter(conn, { pollIntervalMs: 20, ...options });
  world.services.writer = writer;
  return writer;
}

/** The upgrade decisions the README's rules give for the world's current fleet (the moves a rollout should make), from the independent oracle, never from planFleet. */
export async function upgradeDecisions(world: E2eWorld): Promise<OracleDecision[]> {
  const snapshot = world.sim.snapshot();
  const catalog = await world.services.catalog.catalogFor(snapshot);
  return oraclePlan({ snapshot, catalog, policy: world.services.policy, now: world.harness.now }).filter((d) => d.action === 'upgrade');
}

/** A move's identity: cluster (case-insensitive), extension, target version. */
export function moveKey(clusterId: string, extensionName: string, to: string | null): string {
  return `${clusterId.toLowerCase()}|${extensionName.toLowerCase()}|${to ?? ''}`;
}

/** The simulator's installed version of one extension. */
export function installedVersion(world: E2eWorld, clusterId: string, extensionName: string): string | undefined {
  const cluster = world.sim.fleet.clusters.find((c) => c.id.toLowerCase() === clusterId.toLowerCase());
  return cluster?.extensions.find((e) => e.name.toLowerCase() === extensionName.toLowerCase())?.currentVersion;
}

/** Steps `harness` (timers included) until `found` returns a value; throws if the rollout ends first. */
export async function stepUntil<T>(harness: DurableHarness, found: () => T | undefined, maxSteps = 5000): Promise<T> {
  for (let n = 0; n < maxSteps; n++) {
    const hit = found();
    if (hit !== undefined) return hit;
    if (!(await harness.step())) break;
  }
  const hit = found();
  if (hit === undefined) throw new Error('the rollout ended before the point of interest');
  return hit;
}

/** Input of an applyHop activity scheduled and not yet run, anywhere in the harness (undefined if none). */
export function pendingApplyHop(harness: DurableHarness, accept: (input: PendingHop) => boolean = () => true): PendingHop | undefined {
  for (const id of harness.instanceIds()) {
    const history = harness.history(id);
    const done = new Set(history.filter((e) => e.EventType === 5 || e.EventType === 6).map((e) => e.TaskScheduledId));
    for (const e of history) {
      if (e.EventType === 4 && e.Name === 'applyHop' && !done.has(e.EventId)) {
        const input = JSON.parse(String(e.Input)) as PendingHop;
        if (accept(input)) return input;
      }
    }
  }
  return undefined;
}

/** The input of a pending applyHop. */
export interface PendingHop {
  clusterId: string;
  extensionName: string;
  from: string;
  version: string;
}

/** What the final-state check found, for test-specific assertions. */
export interface RolloutReport {
  output: FleetRolloutSummary;
  rows: AuditRecord[];
  failed: AuditRecord[];
  applied: AuditRecord[];
  writes: string[];
}

/** Options of expectConsistentRollout. */
export interface ConsistencyOptions {
  /** Expected end of the fleet rollout: `completed` means `completed`, or `completed-with-failures` when a failed row exists. */
  state: 'completed' | 'halted';
  /** Reason codes allowed on failed rows (default: none allowed). */
  failedCodes?: string[];
  /** The instance to read the status from (default the world's harness). */
  harness?: DurableHarness;
}

/**
 * The checks every fault test ends with, for a rollout started after `sim.resetCounters()`:
 * - no move applied twice (simulator writes unique by cluster, extension, target; a rollback's write is matched to its
 *   `rolled-back` row and set apart);
 * - every successful write has its applied row (or, when it landed and then failed its health check, its failed row) and
 *   every applied row its write; one failed row (code + ARM error) per failed hop;
 * - every planned move is at its target, or its cluster has a failed/skipped row saying why, or a halt left its ring untouched;
 * - the fleet rollout's output and custom status match the simulator and the audit log.
 */
export async function expectConsistentRollout(world: E2eWorld, rolloutId: string, decisions: readonly OracleDecision[], options: ConsistencyOptions): Promise<RolloutReport> {
  const harness = options.harness ?? world.harness;
  const status = await harness.status('fleet-rollout');
  expect(status.runtimeStatus).toBe('Completed');
  const output = status.output as FleetRolloutSummary;
  const rows = await world.audit({ rolloutId });
  const applied = rows.filter((r) => r.kind === 'applied');
  const failed = rows.filter((r) => r.kind === 'failed');
  const finalState = options.state === 'halted' ? 'halted' : failed.length > 0 ? 'completed-with-failures' : 'completed';
  expect(output.state).toBe(finalState);
  expect(status.customStatus).toMatchObject({ state: finalState });

  // a rolled-back row stands for one write back to the version before the failed hop: set those writes apart
  const writes = world.sim.counters().writesApplied.map((w) => moveKey(w.clusterId, w.extensionName, w.to));
  for (const r of rows.filter((x) => x.kind === 'rollback' && x.code === 'rolled-back')) {
    const at = writes.lastIndexOf(moveKey(r.clusterId, r.extensionName, r.to));
    if (at >= 0) writes.splice(at, 1);
  }
  expect(writes.length).toBe(new Set(writes).size);

  const appliedKeys = applied.map((r) => moveKey(r.clusterId, r.extensionName, r.to));
  expect(new Set(appliedKeys).size).toBe(appliedKeys.length);
  // a hop that landed and then failed its health check (or gate) has its failed row instead of an applied row
  const landedThenFailed = new Set(failed.filter((r) => r.code === 'health-check-failed').map((r) => moveKey(r.clusterId, r.extensionName, r.to)));
  expect([...appliedKeys].sort()).toEqual(writes.filter((k) => !landedThenFailed.has(k)).sort());
  for (const row of failed) {
    expect(options.failedCodes ?? []).toContain(row.code);
    expect((row.armError ?? '').length).toBeGreaterThan(0);
  }
  // one planned row per extension of the fleet, each upgrade decision among them
  const planned = new Set(rows.filter((r) => r.kind === 'planned').map((r) => moveKey(r.clusterId, r.extensionName, r.to)));
  for (const d of decisions) expect(planned).toContain(moveKey(d.clusterId, d.extensionName, d.to));

  // every move: at its target, or its cluster says why not, or its ring was never reached
  const ringOrder = output.rings.map((r) => r.name);
  const haltedAt = output.halt ? ringOrder.indexOf(output.halt.ring) : ringOrder.length;
  const ringOf = new Map(world.sim.fleet.clusters.map((c) => [c.id.toLowerCase(), c.tags.ring ?? 'default']));
  const explained = new Set(rows.filter((r) => r.kind === 'failed' || r.kind === 'skipped').map((r) => r.clusterId.toLowerCase()));
  for (const d of decisions) {
    if (installedVersion(world, d.clusterId, d.extensionName) === d.to) continue;
    const ringIndex = ringOrder.indexOf(ringOf.get(d.clusterId.toLowerCase()) ?? 'default');
    if (ringIndex > haltedAt) continue;
    expect({ move: moveKey(d.clusterId, d.extensionName, d.to), explained: explained.has(d.clusterId.toLowerCase()) }).toEqual({ move: moveKey(d.clusterId, d.extensionName, d.to), explained: true });
  }

  // the status tells the truth
  expect(output.moves).toEqual({ applied: applied.length, failed: failed.length });
  const failedClusters = new Set(failed.map((r) => r.clusterId.toLowerCase()));
  expect(output.rings.reduce((n, r) => n + r.failed, 0)).toBe(failedClusters.size);
  expect(rows.some((r) => (options.state === 'completed' ? r.code === 'rollout-completed' : r.kind === 'halted' && r.code === output.halt?.code))).toBe(true);
  return { output, rows, failed, applied, writes };
}

/** The audit rows as a sorted list of what they say (duplicates by key collapse: appends are idempotent). */
export function auditSignature(rows: readonly AuditRecord[]): string[] {
  const keys = rows.filter((r) => r.code !== 'notification-undelivered').map((r) => [r.at, r.kind, r.code, r.clusterId.toLowerCase(), r.extensionName, r.from ?? '', r.to ?? '', r.ring ?? ''].join('|'));
  return [...new Set(keys)].sort();
}

/** Installed version of every extension of the fleet, by cluster and extension. */
export function fleetVersions(world: E2eWorld): Record<string, string> {
  const out: Record<string, string> = {};
  for (const c of world.sim.fleet.clusters) for (const e of c.extensions) out[`${c.id.toLowerCase()}|${e.name}`] = e.currentVersion;
  return out;
}

/** Runs one uninterrupted timer rollout on a fresh world with the same options: the reference a faulty run must equal. */
export async function referenceRun(options: FaultWorldOptions): Promise<{ versions: Record<string, string>; audit: string[]; output: unknown }> {
  const world = await faultWorld(options);
  try {
    installWriter(world, { retryDelayMs: 20 });
    const { rolloutId } = await world.runTimer();
    return { versions: fleetVersions(world), audit: auditSignature(await world.audit({ rolloutId })), output: (await world.harness.status('fleet-rollout')).output };
  } finally {
    await world.close();
  }
}
