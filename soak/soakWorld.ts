/**
 * The world a soak runs in: the e2e world (ARM fleet simulator, Azurite, CloudEvents receiver, the app's services built
 * from settings, the orchestrations under the durable replay engine) plus what the soak needs around it — a writer that
 * gives up on stalled operations after a number of polls (never a wall-clock timeout), a log of every hop the app asked
 * the writer for with the virtual time it asked, a harness that can be replaced after a crash, and a bounded drive.
 */
import { ArmExtensionWriter } from '../src/azure/arm/armExtensionWriter';
import { armConnection } from '../src/azure/arm/armConnection';
import { ExtensionTypeCatalog } from '../src/azure/arm/extensionTypeCatalog';
import type { ExtensionWriter, HopRequest } from '../src/domain/ports';
import type { HandlerDeps } from '../src/host/durableStarter';
import type { DurableHarness } from '../simulator/world/durableHarness';
import { startE2eWorld, type E2eWorld } from '../simulator/world/e2eWorld';
import { generateFleet } from '../simulator/fleetGenerator';

/** The soak's policy: three rings, an approval before `early`, rollback on failure, a failure budget that can halt. */
export const SOAK_POLICY = {
  rollout: {
    ringTag: 'ring',
    rings: [
      { name: 'canary', maxParallel: 2, bakeMinutes: 30, maxFailureRatio: 0.5 },
      { name: 'early', maxParallel: 3, bakeMinutes: 60, maxFailureRatio: 0.34, requireApproval: true },
      { name: 'broad', maxParallel: 4, bakeMinutes: 60, maxFailureRatio: 0.5 },
      { name: 'prod', maxParallel: 4, maxFailureRatio: 0.5 },
    ],
    healthCheckIntervalSeconds: 10,
    healthCheckTimeoutMinutes: 2,
    approvalTimeoutMinutes: 12 * 60,
    rollbackOnFailure: true,
  },
};

/** How far one drive lets the virtual clock run ahead: approvals and freezes outlast a step, bakes do not. */
export const DRIVE_HORIZON_MS = 3 * 3600_000;

/** One hop the app asked the writer for, with the virtual time it asked. */
export interface AskedHop extends HopRequest {
  at: string;
}

/** A running soak world. */
export interface SoakWorld {
  world: E2eWorld;
  /** The current host (a crash replaces it with one restored from the history). */
  harness: DurableHarness;
  deps: HandlerDeps;
  /** Every hop the app asked the writer for (writes and rollbacks), in order. */
  asked: AskedHop[];
  /** Runs what can run, firing timers due within the horizon. */
  drive(): Promise<void>;
  /** Replaces the host (after a crash). */
  replaceHarness(next: DurableHarness): void;
  /** A fresh catalog adapter (as a recycled host would build): the adapter caches answers for its lifetime. */
  refreshCatalog(): void;
  close(): Promise<void>;
}

/** Starts a soak world over a small generated fleet (AKS and Arc, 2 subscriptions); the same seed gives the same fleet. */
export async function startSoakWorld(seed: number, clusters = 10): Promise<SoakWorld> {
  const fleet = generateFleet({ clusters, subscriptions: 2, seed, extensionsPerCluster: [1, 3], arcShare: 0.4 });
  const world = await startE2eWorld({ fleet, policy: SOAK_POLICY, now: new Date('2026-03-02T08:00:00Z') });
  const conn = armConnection({ endpoint: world.sim.endpoint, credential: world.sim.credential });
  conn.ca = world.sim.ca;
  // a stalled operation ends as apply-timed-out after 25 polls, whatever the machine's speed
  const real = new ArmExtensionWriter(conn, { pollIntervalMs: 5, maxPolls: 25, retryDelayMs: 10, maxRetries: 3 });
  const asked: AskedHop[] = [];
  let harness = world.harness;
  const writer: ExtensionWriter = {
    readExtension: (clusterId, name) => real.readExtension(clusterId, name),
    applyHop: (hop) => {
      asked.push({ ...hop, at: harness.now.toISOString() });
      return real.applyHop(hop);
    },
  };
  world.services.writer = writer;
  const deps: HandlerDeps = world.deps;
  const soak: SoakWorld = {
    world,
    get harness() {
      return harness;
    },
    deps,
    asked,
    async drive() {
      await harness.runUntilIdle({ fireTimers: true, timersDueBy: new Date(harness.now.getTime() + DRIVE_HORIZON_MS), maxSteps: 20_000 });
    },
    replaceHarness(next) {
      harness = next;
      deps.starter = next;
      deps.now = () => next.now;
      world.harness = next;
    },
    refreshCatalog() {
      world.services.catalog = new ExtensionTypeCatalog(conn, { retryDelayMs: 10 });
    },
    close: () => world.close(),
  };
  soak.refreshCatalog();
  return soak;
}
