/**
 * A child process for P10, standing in for one Function App instance: `planFleetProcess <job.json> <report.json>` builds
 * the services from app settings (as the Function App does: the Resource Graph, ARM and Table clients) and runs the
 * planFleet activity shard after shard, as fleetRollout's first execution does; writes its wall time, the shards'
 * results and its peak RSS to the report.
 */
import '../simulator/world/installFunctionsCore';
import { InvocationContext } from '@azure/functions';
import { readFileSync, writeFileSync } from 'node:fs';
import { loadConfig } from '../src/config';
import { planFleetActivity, type PlanFleetResult } from '../src/functions/activities/planActivities';
import { buildServices } from '../src/host/buildServices';
import { setServices } from '../src/host/services';
import { fakeCredential } from '../simulator/fakeCredential';

/** What the parent asks: the app settings, the rollout id, the planning time. */
export interface PlanFleetJob {
  settings: Record<string, string>;
  rolloutId: string;
  now: string;
  /** Subscriptions per shard; default the app's (300). */
  subscriptionsPerShard?: number;
}

/** What the child reports. */
export interface PlanFleetReport {
  wallMs: number;
  maxRssMB: number;
  shards: (Omit<PlanFleetResult, 'rollout' | 'rings'> & { ms: number; rings: { name: string; clusters: number }[] })[];
}

async function run(jobFile: string, reportFile: string): Promise<void> {
  const job = JSON.parse(readFileSync(jobFile, 'utf8')) as PlanFleetJob;
  setServices(buildServices(loadConfig(job.settings), { credential: fakeCredential(), onWarning: () => undefined }));
  const context = new InvocationContext({ functionName: 'planFleet', invocationId: 'bench', logHandler: () => undefined });
  const shards: PlanFleetReport['shards'] = [];
  const t0 = process.hrtime.bigint();
  for (let shard = 0, count = 1; shard < count; shard++) {
    const t = process.hrtime.bigint();
    const { rollout: _rollout, rings, ...result } = await planFleetActivity.handler({ rolloutId: job.rolloutId, trigger: { kind: 'timer' }, now: job.now, shard, ...(job.subscriptionsPerShard ? { subscriptionsPerShard: job.subscriptionsPerShard } : {}) }, context);
    shards.push({ ...result, rings: rings.map((r) => ({ name: r.ring.name, clusters: r.clusters })), ms: Number(process.hrtime.bigint() - t) / 1e6 });
    count = result.shards;
    const { heapUsed, rss } = process.memoryUsage();
    process.stderr.write(`      P10 shard ${shard + 1}/${count}: ${result.clusters} clusters, ${result.decisions} decisions in ${Math.round(shards.at(-1)!.ms)} ms; heap ${Math.round(heapUsed / 1048576)} MB, rss ${Math.round(rss / 1048576)} MB\n`);
  }
  const report: PlanFleetReport = { wallMs: Number(process.hrtime.bigint() - t0) / 1e6, maxRssMB: process.resourceUsage().maxRSS / 1024, shards };
  writeFileSync(reportFile, JSON.stringify(report));
}

const [jobFile, reportFile] = process.argv.slice(2);
run(jobFile!, reportFile!).catch((error: unknown) => {
  process.stderr.write(`planFleetProcess failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
