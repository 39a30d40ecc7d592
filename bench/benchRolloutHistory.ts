/**
 * P7: a 30,000-cluster fleet rollout under durable-functions' replay engine (the replay harness, virtual clock, in-memory
 * ports). Measures history events replayed against written over every orchestration (fleetRollout and each clusterRollout
 * sub-orchestration: the target) and for fleetRollout alone, the longest history of one execution, and the largest
 * activity payload; then the same rollout with continueAsNew off (one execution: the design before issue 13).
 */
import '../simulator/world/installFunctionsCore';
import type { ClusterSnapshot, Policy } from '../src/domain/model';
import { defaultPolicy } from '../src/domain/policySchema';
import { FLEET_BATCHES_PER_EXECUTION, FLEET_ROLLOUT_INSTANCE_ID } from '../src/host/rolloutContracts';
import { setServices, type Services } from '../src/host/services';
import { DurableHarness } from '../simulator/world/durableHarness';
import { aksId, fakeWorld, sampleCatalog, sampleCluster } from '../simulator/world/fakePorts';
import type { MetricsReport } from '../simulator/world/harnessMetrics';
import type { BenchLine } from './benchReport';

const CLUSTERS = 30_000;
const MAX_HISTORY = 5_000;
const MAX_PAYLOAD_BYTES = 45 * 1024;

/** Canary 1 %, early 10 %, the rest in prod behind an approval (approved at once by the harness). */
export function policy(): Policy {
  const p = defaultPolicy();
  p.rollout.ringTag = 'ring';
  p.rollout.rings = [
    { name: 'canary', maxParallel: 10, bakeMinutes: 60, maxFailureRatio: 0, requireApproval: false },
    { name: 'early', maxParallel: 50, bakeMinutes: 60, maxFailureRatio: 0.01, requireApproval: false },
    { name: 'prod', maxParallel: 100, bakeMinutes: 0, maxFailureRatio: 0.01, requireApproval: true },
  ];
  return p;
}

/** `clusters` clusters (flux 1.8.0, a patch away; `upToDate`: at 1.8.3, nothing to move) over `subscriptions` subscriptions: 1 % canary, 9 % early, the rest prod. */
export function fleet(clusters: number, subscriptions = 30, upToDate = false, extensionsPerCluster = 1): ClusterSnapshot[] {
  return Array.from({ length: clusters }, (_, n) => {
    const ring = n < clusters / 100 ? 'canary' : n < clusters / 10 ? 'early' : 'prod';
    const c = sampleCluster(`aks-${String(n).padStart(6, '0')}`, { ring, ...(upToDate ? { fluxVersion: '1.8.3' } : {}) });
    const flux = c.extensions[0]!;
    for (let e = 2; e <= extensionsPerCluster; e++) c.extensions.push({ ...flux, name: `flux-${e}` });
    c.id = aksId(`aks-${String(n).padStart(6, '0')}`, `00000000-0000-0000-0000-${String(n % subscriptions).padStart(12, '0')}`);
    return c;
  });
}

/** Options of one benchmark rollout: subscriptions of the fleet (listed in the scope, so planning runs in shards), an up-to-date fleet, counters. */
export interface RolloutOptions {
  subscriptions?: number;
  upToDate?: boolean;
  /** Extension instances per cluster (flux, flux-2, …); default 1. */
  extensionsPerCluster?: number;
  /** Called with the services before the rollout starts (e.g. to count their requests). */
  onServices?: (services: Services) => void;
}

/** Runs one rollout of `clusters` clusters; returns the harness's counts, the wall time and the old planFleet output size. */
export async function rollout(clusters: number, batchesPerExecution: number, options: RolloutOptions = {}): Promise<{ metrics: MetricsReport; seconds: number; applied: number; oldPlanBytes: number }> {
  const snapshot = fleet(clusters, options.subscriptions, options.upToDate, options.extensionsPerCluster);
  const scope = options.subscriptions ? { subscriptions: [...new Set(snapshot.map((c) => c.id.split('/')[2]!))], managementGroups: [] } : undefined;
  const world = fakeWorld({ clusters: snapshot, catalog: sampleCatalog(), policy: policy(), ...(scope ? { scope } : {}) });
  options.onServices?.(world.services);
  setServices(world.services);
  const harness = new DurableHarness({ now: new Date('2026-01-05T10:00:00Z'), autoApprove: true, keepHistory: false });
  const t = process.hrtime.bigint();
  await harness.start('fleetRollout', FLEET_ROLLOUT_INSTANCE_ID, { rolloutId: `bench-${batchesPerExecution}`, trigger: { kind: 'timer' }, dryRun: false, batchesPerExecution });
  const status = await harness.runToCompletion(FLEET_ROLLOUT_INSTANCE_ID, { maxSteps: 10_000_000 });
  const seconds = Number(process.hrtime.bigint() - t) / 1e9;
  const output = status.output as { state?: string; moves?: { applied: number } } | undefined;
  if (output?.state !== 'completed') throw new Error(`the benchmark rollout did not complete (${status.runtimeStatus})`);
  // before issue 13, planFleet returned every planned cluster (id, tags, version) with the policy and counts
  const oldPlan = { clusters: snapshot.map((c) => ({ clusterId: c.id, tags: c.tags, kubernetesVersion: c.kubernetesVersion })), rollout: policy().rollout, decisions: clusters, moves: clusters };
  return { metrics: harness.metrics(), seconds, applied: output.moves?.applied ?? 0, oldPlanBytes: Buffer.byteLength(JSON.stringify(oldPlan)) };
}

/** Runs P7 (`clusters` defaults to 30,000; the baseline runs on the same fleet). */
export async function benchRolloutHistory(clusters = CLUSTERS): Promise<BenchLine> {
  const bounded = await rollout(clusters, FLEET_BATCHES_PER_EXECUTION);
  const baseline = await rollout(clusters, 0);
  const fleetNow = bounded.metrics.byOrchestration.fleetRollout!;
  const fleetOld = baseline.metrics.byOrchestration.fleetRollout!;
  const payload = Math.max(bounded.metrics.activities.maxInputBytes, bounded.metrics.activities.maxOutputBytes);
  const oldPayload = Math.max(baseline.metrics.activities.maxInputBytes, baseline.metrics.activities.maxOutputBytes, baseline.oldPlanBytes);
  const all = bounded.metrics.total;
  const cluster = bounded.metrics.byOrchestration.clusterRollout!;
  return {
    id: 'P7',
    title: `${clusters.toLocaleString('en-US')}-cluster rollout under the replay engine: history events replayed / written, all orchestrations`,
    ratio: all.eventsReplayed / all.eventsWritten,
    comparison: '<=',
    target: 3,
    unit: '×',
    condition: { text: `every execution <= ${MAX_HISTORY} events and every activity payload <= 45 KB`, holds: all.maxHistory <= MAX_HISTORY && payload <= MAX_PAYLOAD_BYTES },
    details: {
      eventsWritten: all.eventsWritten,
      eventsReplayed: all.eventsReplayed,
      fleetReplayedPerWritten: fleetNow.eventsReplayed / fleetNow.eventsWritten,
      fleetExecutions: fleetNow.executions,
      fleetMaxHistoryPerExecution: fleetNow.maxHistory,
      clusterReplayedPerWritten: cluster.eventsReplayed / cluster.eventsWritten,
      clusterEpisodesPerExecution: cluster.episodes / cluster.executions,
      clusterMaxHistoryPerExecution: cluster.maxHistory,
      maxActivityPayloadKB: payload / 1024,
      largestActivity: bounded.metrics.activities.largestActivity,
      maxOrchestrationInputKB: all.maxInputBytes / 1024,
      seconds: bounded.seconds,
      baselineMaxHistory: fleetOld.maxHistory,
      baselineReplayedPerWritten: fleetOld.eventsReplayed / fleetOld.eventsWritten,
      baselineAllReplayedPerWritten: baseline.metrics.total.eventsReplayed / baseline.metrics.total.eventsWritten,
      baselineMaxActivityPayloadKB: oldPayload / 1024,
      baselineSeconds: baseline.seconds,
      hopsApplied: bounded.applied,
    },
  };
}
