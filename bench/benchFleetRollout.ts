/**
 * P11: a 100,000-cluster fleet rollout under durable-functions' replay engine (virtual clock, in-memory ports; planning
 * in 4 shards of 300 subscriptions over 1,000): history events replayed / written over all orchestrations, every
 * execution's history, every activity payload, and the fleet's bookkeeping merged into `record` calls.
 * Then the cost counts: a steady timer pass (nothing to move, 10 extensions a cluster) and a rollout that moves every
 * cluster once, at 100, 1,000, 10,000 and 100,000 clusters — executions, GB-seconds, history events, storage
 * transactions — turned into a monthly cost (bench-cost.json, printed; docs/scale-and-cost.md).
 */
import { writeFileSync } from 'node:fs';
import { FLEET_BATCHES_PER_EXECUTION } from '../src/host/rolloutContracts';
import type { MetricsReport } from '../simulator/world/harnessMetrics';
import { quotaFloorMs } from './benchDiscovery';
import type { BenchLine } from './benchReport';
import { rollout } from './benchRolloutHistory';
import { INSTANCE_GB, monthCost, PRICES, type WorkCounts } from './costModel';
import { countStorage, durableTransactions, type StorageCounts } from './storageCounters';

const CLUSTERS = Number(process.env.P11_CLUSTERS) || 100_000;
const MAX_HISTORY = 5_000;
const MAX_PAYLOAD_BYTES = 45 * 1024;
const SIZES = [100, 1_000, 10_000, 100_000].filter((n) => n <= CLUSTERS);
/** Largest fleet whose timer passes are run (a pass of 1,000,000 extensions in the in-memory fakes takes long on a shared machine); larger ones are scaled from it. P11_COST_FULL=1 runs them all. */
const LARGEST_PASS_RUN = process.env.P11_COST_FULL === '1' ? Infinity : 10_000;
/** Extension instances a cluster runs in the cost's timer pass (as P8/P10 assume). */
const EXTENSIONS_PER_CLUSTER = 10;
/** Assumptions of the GB-second estimate (docs/scale-and-cost.md): seconds an ARM extension PATCH runs until its LRO ends, activities sharing one instance's billed time, busy time of other activities and of an orchestrator episode. */
const ASSUME = { hopSeconds: 120, activitiesPerInstance: 10, activitySeconds: 0.1, episodeSeconds: 0.02, partitionRowsPerSecond: 2000 } as const;

interface Run {
  metrics: MetricsReport;
  storage: StorageCounts;
  applied: number;
  seconds: number;
}

async function counted(clusters: number, upToDate: boolean, extensionsPerCluster = 1): Promise<Run> {
  let storage: StorageCounts | undefined;
  const r = await rollout(clusters, FLEET_BATCHES_PER_EXECUTION, {
    subscriptions: Math.max(1, Math.round(clusters / 100)),
    upToDate,
    extensionsPerCluster,
    onServices: (services) => {
      storage = countStorage(services);
    },
  });
  return { metrics: r.metrics, storage: storage!, applied: r.applied, seconds: r.seconds };
}

function activities(m: MetricsReport): number {
  return Object.values(m.activities.calls).reduce((n, c) => n + c, 0);
}

/** The counts of one run; GB-seconds estimated (planFleet at Azure's floors: the Resource Graph quota, then one audit partition's rows per second). */
function workCounts(run: Run, clusters: number, extensionsPerCluster: number): WorkCounts {
  const m = run.metrics;
  const planFleetSeconds = quotaFloorMs(Math.ceil((clusters * extensionsPerCluster) / 1000), { queries: 15, windowMs: 5000 }) / 1000 + run.storage.auditRows / ASSUME.partitionRowsPerSecond;
  const hops = m.activities.calls.applyHop ?? 0;
  const others = activities(m) - hops - (m.activities.calls.planFleet ?? 0);
  const busySeconds = (m.activities.calls.planFleet ? planFleetSeconds : 0) + (hops * ASSUME.hopSeconds) / ASSUME.activitiesPerInstance + others * ASSUME.activitySeconds + m.total.episodes * ASSUME.episodeSeconds;
  return {
    executions: 1 + activities(m) + m.total.episodes, // the timer, then every activity and orchestrator episode
    gbSeconds: INSTANCE_GB * busySeconds,
    historyEvents: m.total.eventsWritten,
    storageTransactions: run.storage.tableTransactions + durableTransactions(m),
    rowsWritten: run.storage.rowsWritten,
    events: run.storage.events,
  };
}

const per = (w: WorkCounts, n: number): WorkCounts => ({ executions: w.executions / n, gbSeconds: w.gbSeconds / n, historyEvents: w.historyEvents / n, storageTransactions: w.storageTransactions / n, rowsWritten: w.rowsWritten / n, events: w.events / n });
const minus = (a: WorkCounts, b: WorkCounts): WorkCounts => ({ executions: a.executions - b.executions, gbSeconds: a.gbSeconds - b.gbSeconds, historyEvents: a.historyEvents - b.historyEvents, storageTransactions: a.storageTransactions - b.storageTransactions, rowsWritten: a.rowsWritten - b.rowsWritten, events: a.events - b.events });

/** The cost table: per timer pass and per cluster move at each size, and a month of 30-minute passes with every cluster moving once. */
async function costTable(big: Run): Promise<Record<string, unknown>[]> {
  const rows: Record<string, unknown>[] = [];
  let measured: { clusters: number; pass: WorkCounts; move: WorkCounts } | undefined;
  for (const clusters of SIZES) {
    let passCounts: WorkCounts;
    let moveCounts: WorkCounts;
    let scaled = false;
    if (clusters <= LARGEST_PASS_RUN || !measured) {
      const pass = await counted(clusters, true, EXTENSIONS_PER_CLUSTER);
      // a move: the rollout that moves every cluster (one extension each) less a pass over that same fleet, per hop
      const quiet = await counted(clusters, true, 1);
      const moving = clusters === CLUSTERS ? big : await counted(clusters, false, 1);
      passCounts = workCounts(pass, clusters, EXTENSIONS_PER_CLUSTER);
      moveCounts = per(minus(workCounts(moving, clusters, 1), workCounts(quiet, clusters, 1)), Math.max(1, moving.applied));
      measured = { clusters, pass: passCounts, move: moveCounts };
    } else {
      // scaled from the largest pass run: rows, transactions, events and busy time grow with the clusters; executions
      // grow by one planFleet per extra shard of 300 subscriptions; a move costs what it cost there
      const k = clusters / measured.clusters;
      const shards = (n: number): number => Math.ceil(n / 100 / 300);
      passCounts = { ...per(measured.pass, 1 / k), executions: measured.pass.executions + shards(clusters) - shards(measured.clusters), gbSeconds: INSTANCE_GB * (quotaFloorMs(Math.ceil((clusters * EXTENSIONS_PER_CLUSTER) / 1000), { queries: 15, windowMs: 5000 }) / 1000 + (clusters * EXTENSIONS_PER_CLUSTER) / ASSUME.partitionRowsPerSecond) };
      moveCounts = measured.move;
      scaled = true;
    }
    const month = monthCost(passCounts, 48 * 30, moveCounts, clusters);
    rows.push({ clusters, scaled, pass: passCounts, move: moveCounts, month });
  }
  return rows;
}

function printCost(rows: Record<string, unknown>[]): void {
  const f = (n: number, d = 0): string => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
  process.stdout.write('      cost (timer every 30 min = 1,440 passes a month, every cluster moving once a month; prices and assumptions in bench/costModel.ts):\n');
  process.stdout.write('      clusters | pass: executions GB-s events transactions | move: executions GB-s events transactions | month: $compute $executions $transactions $capacity-added $events = $total\n');
  for (const r of rows as { clusters: number; scaled: boolean; pass: WorkCounts; move: WorkCounts; month: ReturnType<typeof monthCost> }[]) {
    const u = r.month.usd;
    process.stdout.write(`      ${f(r.clusters)}${r.scaled ? ' (scaled)' : ''} | ${f(r.pass.executions)} ${f(r.pass.gbSeconds, 1)} ${f(r.pass.historyEvents)} ${f(r.pass.storageTransactions)} | ${f(r.move.executions, 1)} ${f(r.move.gbSeconds, 1)} ${f(r.move.historyEvents, 1)} ${f(r.move.storageTransactions, 1)} | ${f(u.compute, 2)} ${f(u.executions, 2)} ${f(u.transactions, 2)} ${f(u.capacityAdded, 2)} ${f(u.events, 2)} = ${f(u.total, 2)}\n`);
  }
}

/** Runs P11 (and the cost counts). */
export async function benchFleetRollout(): Promise<BenchLine> {
  const big = await counted(CLUSTERS, false);
  const m = big.metrics;
  const payload = Math.max(m.activities.maxInputBytes, m.activities.maxOutputBytes);
  const fleet = m.byOrchestration.fleetRollout!;
  const cluster = m.byOrchestration.clusterRollout!;
  const merged = (m.activities.calls.recordAudit ?? 0) === 0 && (m.activities.calls.notify ?? 0) === 0;
  // P11_COST=0 skips the cost counts (their passes and moves at the smaller sizes take a few minutes more)
  if (process.env.P11_COST !== '0') {
    const cost = await costTable(big);
    writeFileSync('bench-cost.json', `${JSON.stringify({ at: new Date().toISOString(), prices: PRICES, assumptions: ASSUME, rows: cost }, null, 2)}\n`);
    printCost(cost);
  }
  return {
    id: 'P11',
    title: `${CLUSTERS.toLocaleString('en-US')}-cluster rollout under the replay engine (planning in shards): history events replayed / written, all orchestrations`,
    ratio: m.total.eventsReplayed / m.total.eventsWritten,
    comparison: '<=',
    target: 3,
    unit: '×',
    condition: {
      text: `every execution <= ${MAX_HISTORY} events, every payload <= 45 KB, the fleet's rows and notifications written by record (no recordAudit/notify calls)`,
      holds: m.total.maxHistory <= MAX_HISTORY && payload <= MAX_PAYLOAD_BYTES && Math.max(m.total.maxInputBytes, 0) <= MAX_PAYLOAD_BYTES && merged,
    },
    details: {
      eventsWritten: m.total.eventsWritten,
      eventsReplayed: m.total.eventsReplayed,
      maxHistoryPerExecution: m.total.maxHistory,
      fleetExecutions: fleet.executions,
      fleetMaxHistory: fleet.maxHistory,
      fleetReplayedPerWritten: fleet.eventsReplayed / fleet.eventsWritten,
      clusterReplayedPerWritten: cluster.eventsReplayed / cluster.eventsWritten,
      clusterMaxHistory: cluster.maxHistory,
      maxActivityPayloadKB: payload / 1024,
      largestActivity: m.activities.largestActivity,
      maxOrchestrationInputKB: m.total.maxInputBytes / 1024,
      planFleetShards: m.activities.calls.planFleet ?? 0,
      fleetRecordCalls: m.activities.calls.record ?? 0,
      recordAuditCalls: m.activities.calls.recordAudit ?? 0,
      notifyCalls: m.activities.calls.notify ?? 0,
      hopsApplied: big.applied,
      seconds: big.seconds,
    },
  };
}
