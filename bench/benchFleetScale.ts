/**
 * P10: 100,000 clusters / 1,000,000 extensions over 1,000 subscriptions, in the app. In one run:
 *  - P4's batched write rate, measured on the same Azurite process (rows per second);
 *  - planFleet in a child process standing in for one 2 GB Function App instance, with the services the app builds
 *    from its settings (Resource Graph and ARM clients over HTTPS to the simulator, Table clients to Azurite), shard
 *    after shard as fleetRollout runs it: discovery (queries against ⌈rows/1000⌉), plan, audit rows, state rows, plan rows;
 *    its peak RSS, and its wall time against two floors: discovery's quota floor (the simulator's quota clock runs
 *    QUOTA_CLOCK_SCALE times faster than Resource Graph's 15 queries per 5 s, as in P8) plus the rows it wrote at P4's rate;
 *  - the status page's fleet view of the same fleet: building the report vs planning it, and one view's JSON.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTableStores } from '../src/azure/tables/tableStores';
import { PLAN_CHUNK_SIZE } from '../src/azure/tables/tableRolloutPlanStore';
import { generateFleet, toCatalog } from '../simulator/fleetGenerator';
import { startFleetSimulator } from '../simulator/fleetSimulator';
import { startAzuriteProcess } from '../simulator/world/azuriteProcess';
import { batchedRowsPerSecond } from './benchAudit';
import { quotaFloorMs } from './benchDiscovery';
import { QUOTA_CLOCK_SCALE, tenPerCluster } from './benchDiscoveryScale';
import type { BenchLine } from './benchReport';
import { measureFleetView } from './benchStatusPage';
import type { PlanFleetJob, PlanFleetReport } from './planFleetProcess';

const CLUSTERS = Number(process.env.P10_CLUSTERS) || 100_000;
const SUBSCRIPTIONS = Math.max(1, Math.round(CLUSTERS / 100));
const QUOTA = { queries: 15, windowMs: 5000 / QUOTA_CLOCK_SCALE };
const MAX_RSS_MB = 1536;
const MAX_VIEW_BYTES = 512 * 1024;
const NOW = '2026-01-05T10:00:00.000Z';
/** The app's policy in the benchmark: rings by the generator's `ring` tag. */
const POLICY = { rollout: { ringTag: 'ring', rings: [{ name: 'canary', maxParallel: 10 }, { name: 'early', maxParallel: 50 }, { name: 'broad', maxParallel: 100 }, { name: 'prod', maxParallel: 100 }] } };

/** The status page's fleet view of `fleet`: planning vs building the report, and the largest view's JSON. */
function fleetView(fleet: ReturnType<typeof generateFleet>, snapshot: ReturnType<Awaited<ReturnType<typeof startFleetSimulator>>['snapshot']>) {
  const { planMs, reportMs, viewBytes, report } = measureFleetView(snapshot, toCatalog(fleet), new Date(NOW), 500);
  return { planMs, reportMs, viewBytes, problems: report.problems.length };
}

/** Runs P10. */
export async function benchFleetScale(): Promise<BenchLine> {
  const fleet = tenPerCluster(generateFleet({ clusters: CLUSTERS, subscriptions: SUBSCRIPTIONS, seed: 10, extensionsPerCluster: [6, 6] }));
  const extensions = fleet.clusters.reduce((n, c) => n + c.extensions.length, 0);
  const rows = fleet.clusters.reduce((n, c) => n + Math.max(1, c.extensions.length), 0);
  const expectedQueries = Math.ceil(rows / 1000);
  const subscriptions = [...new Set(fleet.clusters.map((c) => c.id.split('/')[2]!))];
  const [sim, azurite] = await Promise.all([startFleetSimulator({ fleet, quota: QUOTA }), startAzuriteProcess()]);
  const dir = mkdtempSync(join(tmpdir(), 'bench-p10-'));
  try {
    const rate = await batchedRowsPerSecond(createTableStores({ connectionString: azurite.connectionString }).audit, 'p10-rate');
    writeFileSync(join(dir, 'ca.pem'), sim.ca);
    const job: PlanFleetJob = {
      // P10_SUBSCRIPTIONS_PER_SHARD: smaller shards, to see several at a smaller scale
      ...(Number(process.env.P10_SUBSCRIPTIONS_PER_SHARD) > 0 ? { subscriptionsPerShard: Number(process.env.P10_SUBSCRIPTIONS_PER_SHARD) } : {}),
      rolloutId: 'fleet-p10',
      now: NOW,
      settings: {
        RECONCILER_SCOPE_SUBSCRIPTIONS: subscriptions.join(','),
        RECONCILER_POLICY: JSON.stringify(POLICY),
        RECONCILER_APPROVAL_AUTH: 'off',
        AzureWebJobsStorage: azurite.connectionString,
        RECONCILER_ARM_ENDPOINT: sim.endpoint,
        RECONCILER_ARM_CA_FILE: join(dir, 'ca.pem'),
      },
    };
    writeFileSync(join(dir, 'job.json'), JSON.stringify(job));
    sim.resetCounters();
    // asynchronously: the simulator answers from this process's event loop
    const child = spawn(process.execPath, ['--max-old-space-size=1400', join(__dirname, 'planFleetProcess.js'), join(dir, 'job.json'), join(dir, 'report.json')], { stdio: ['ignore', 'inherit', 'inherit'] });
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    if (code !== 0) throw new Error(`P10: planFleet's process exited ${code}`);
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as PlanFleetReport;
    const queries = sim.counters().calls.resourceGraph ?? 0;
    const sum = (f: (s: PlanFleetReport['shards'][number]) => number): number => report.shards.reduce((n, s) => n + f(s), 0);
    const planRows = sum((s) => s.rings.reduce((n, r) => n + Math.ceil(r.clusters / PLAN_CHUNK_SIZE), 0));
    const rowsWritten = sum((s) => s.decisions) + sum((s) => s.clusters - s.planned) + planRows;
    const discoveryFloorMs = quotaFloorMs(expectedQueries, QUOTA);
    const writeFloorMs = (rowsWritten / rate.rowsPerSecond) * 1000;
    const view = fleetView(fleet, sim.snapshot());
    const complete = queries === expectedQueries && sum((s) => s.clusters) === fleet.clusters.length && sum((s) => s.decisions) === extensions;
    const ok = { rss: report.maxRssMB <= MAX_RSS_MB, queries: complete, view: view.reportMs <= view.planMs && view.viewBytes < MAX_VIEW_BYTES };
    return {
      id: 'P10',
      title: `planFleet of ${CLUSTERS.toLocaleString('en-US')} clusters / ${extensions.toLocaleString('en-US')} extensions over ${subscriptions.length} subscriptions in ${report.shards.length} shards (Azurite, quota clock ×${QUOTA_CLOCK_SCALE}): wall vs discovery's quota floor + rows written at P4's rate`,
      ratio: report.wallMs / (discoveryFloorMs + writeFloorMs),
      comparison: '<=',
      target: 1.5,
      unit: '×',
      condition: {
        text: `exactly ⌈rows/1000⌉ = ${expectedQueries} queries and every cluster and extension planned: ${ok.queries ? 'yes' : 'NO'}; peak RSS <= ${MAX_RSS_MB} MB: ${ok.rss ? 'yes' : 'NO'}; fleet view built in <= 1× planning and one view (matrix + 500 problems) < 512 KB: ${ok.view ? 'yes' : 'NO'}`,
        holds: ok.rss && ok.queries && ok.view,
      },
      details: {
        queries, expectedQueries, wallMs: report.wallMs, discoveryFloorMs, writeFloorMs, rowsWritten, planRows, p4RowsPerSecond: rate.rowsPerSecond, peakRssMB: report.maxRssMB,
        shards: report.shards.length, slowestShardMs: Math.max(...report.shards.map((s) => s.ms)), clustersPlanned: sum((s) => s.planned), decisions: sum((s) => s.decisions), moves: sum((s) => s.moves),
        viewPlanMs: view.planMs, viewReportMs: view.reportMs, viewRatio: view.reportMs / view.planMs, viewKB: view.viewBytes / 1024, problems: view.problems,
      },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await Promise.all([sim.close(), azurite.stop()]);
  }
}
