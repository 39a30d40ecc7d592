/**
 * The demo's live signals act (issue 24), with no catalog file: the policy asks for 7-day-old releases and gives Flux and
 * Dapr their N-2 support windows; eight days pass; a Flux patch is published "today" (it waits: release-too-young), a
 * Dapr patch reaches one region only (a cluster elsewhere waits: not-yet-in-region), a person moves an extension's minor
 * by hand (drift, reported, never reverted); then the discovery timer runs and the status page's report shows it all.
 */
import semver from 'semver';
import { fleetReportNow, planClusters } from '../src/app/fleetView';
import { armConnection } from '../src/azure/arm/armConnection';
import { ExtensionTypeCatalog } from '../src/azure/arm/extensionTypeCatalog';
import type { SimTypeVersion } from '../simulator/types';
import type { E2eWorld } from '../simulator/world/e2eWorld';

const DAY = 86_400_000;
/** Past the catalog adapter's answer cache: the next read asks the simulator again. */
const PAST_CACHE = 11 * 60_000;

/** What the act staged (for the demo's lines, and a test). */
export interface LiveSignalsStage {
  young: { clusterId: string; extensionName: string; version: string };
  lagging: { clusterId: string; extensionName: string; version: string; offeredIn: string };
  drifted: { clusterId: string; extensionName: string; from: string; to: string };
}

const region = (location: string): string => location.replace(/\s+/g, '').toLowerCase();
const shortName = (id: string): string => id.split('/').pop() ?? id;

/** The next patch after the highest of a version's line, as a new catalog entry copied from `model`. */
function nextPatch(history: SimTypeVersion[], model: SimTypeVersion): SimTypeVersion {
  const line = history.filter((v) => semver.valid(v.version) && semver.major(v.version) === semver.major(model.version) && semver.minor(v.version) === semver.minor(model.version));
  const patch = Math.max(...line.map((v) => semver.patch(v.version))) + 1;
  return { ...structuredClone(model), version: `${semver.major(model.version)}.${semver.minor(model.version)}.${patch}` };
}

/** Stages the signals on the world and runs one discovery timer; returns what it staged. */
export async function stageLiveSignals(world: E2eWorld): Promise<LiveSignalsStage> {
  const { sim, services, harness } = world;
  services.policy = { ...services.policy, minReleaseAgeDays: 7, supportWindows: [{ extensionType: 'microsoft.flux', supportedMinors: 3 }, { extensionType: 'microsoft.dapr', supportedMinors: 3 }] };
  // the catalog adapter as the app builds it, its answer cache on the orchestrations' clock (days pass in this act)
  services.catalog = new ExtensionTypeCatalog(armConnection({ endpoint: sim.endpoint, caFile: world.settings.RECONCILER_ARM_CA_FILE!, credential: sim.credential }), { now: () => harness.now.getTime() });
  await world.runTimer(); // records every first sighting (the versions seen so far)
  harness.advanceClock(new Date(harness.now.getTime() + 8 * DAY));

  // extensions the plan finds up to date now: a new patch of their line is then their only candidate
  const { decisions } = await planClusters(services, sim.snapshot().clusters, harness.now);
  const upToDate = new Set(decisions.filter((d) => d.code === 'up-to-date').map((d) => `${d.clusterId}|${d.extensionName}`));
  const pinned = (type: string) => sim.fleet.clusters.flatMap((c) => c.extensions.filter((e) => e.extensionType.toLowerCase() === type && upToDate.has(`${c.id}|${e.name}`)).map((e) => ({ cluster: c, ext: e })));
  const flux = pinned('microsoft.flux')[0]!;
  const fluxHistory = sim.fleet.extensionTypes['microsoft.flux']!;
  const young = nextPatch(fluxHistory, fluxHistory.find((v) => v.version === flux.ext.currentVersion)!);
  sim.publishVersion('microsoft.flux', young);

  const daprs = pinned('microsoft.dapr');
  const lagging = daprs.find((d) => daprs.some((o) => region(o.cluster.location) !== region(d.cluster.location) && o.cluster.id.split('/')[7] === d.cluster.id.split('/')[7]))!;
  const offeredIn = region(daprs.find((o) => region(o.cluster.location) !== region(lagging.cluster.location) && o.cluster.id.split('/')[7] === lagging.cluster.id.split('/')[7])!.cluster.location);
  const daprHistory = sim.fleet.extensionTypes['microsoft.dapr']!;
  const late = { ...nextPatch(daprHistory, daprHistory.find((v) => v.version === lagging.ext.currentVersion)!), regions: [offeredIn] };
  sim.publishVersion('microsoft.dapr', late);

  const hand = pinned('microsoft.flux').find((x) => x.cluster.id !== flux.cluster.id && x.cluster.id !== lagging.cluster.id)!;
  const from = hand.ext.currentVersion;
  const to = fluxHistory.map((v) => v.version).filter((v) => semver.valid(v) && !semver.prerelease(v) && semver.minor(v) === semver.minor(from) + 1).sort(semver.rcompare)[0] ?? fluxHistory.map((v) => v.version).filter((v) => semver.valid(v) && !semver.prerelease(v) && semver.minor(v) === semver.minor(from) - 1).sort(semver.rcompare)[0]!;
  sim.setExtension(hand.cluster.id, hand.ext.name, { currentVersion: to, version: to }); // a person's `az k8s-extension update`

  harness.advanceClock(new Date(harness.now.getTime() + PAST_CACHE));
  await world.runTimer();
  return {
    young: { clusterId: flux.cluster.id, extensionName: flux.ext.name, version: young.version },
    lagging: { clusterId: lagging.cluster.id, extensionName: lagging.ext.name, version: late.version, offeredIn },
    drifted: { clusterId: hand.cluster.id, extensionName: hand.ext.name, from, to },
  };
}

/** Runs the act and prints what the app made of it. */
export async function liveSignalsAct(world: E2eWorld, out: (line: string) => void): Promise<LiveSignalsStage> {
  const stage = await stageLiveSignals(world);
  const now = world.harness.now;
  const report = await fleetReportNow(world.services, now);
  const decision = (clusterId: string, name: string) => report.problems.find((p) => p.clusterId === clusterId && p.extensionName === name);
  const y = decision(stage.young.clusterId, stage.young.extensionName);
  out(`policy: minReleaseAgeDays 7, supportWindows flux 3 / dapr 3; eight days after the first sightings, Flux ${stage.young.version} is published today`);
  out(`  ${shortName(stage.young.clusterId).padEnd(14)} ${stage.young.extensionName.padEnd(10)} → ${y ? `${y.action} ${y.code}: ${y.reason}` : 'moved to an older, aged patch (the new one is not taken)'}`);
  const l = decision(stage.lagging.clusterId, stage.lagging.extensionName);
  out(`Dapr ${stage.lagging.version} is offered in ${stage.lagging.offeredIn} only so far`);
  out(`  ${shortName(stage.lagging.clusterId).padEnd(14)} ${stage.lagging.extensionName.padEnd(10)} → ${l ? `${l.action} ${l.code}: ${l.reason}` : '-'}`);
  const support = report.liveSignals?.support;
  out(`support windows: ${support?.outOfSupport ?? 0} extensions out of support, ${support?.inSupport ?? 0} in support; out of support first:`);
  for (const r of (support?.rows ?? []).slice(0, 3)) out(`  ${r.cluster.padEnd(14)} ${r.extensionName.padEnd(10)} ${r.version.padEnd(8)} ${r.inSupport ? 'in support' : 'OUT OF SUPPORT'}`);
  const drifted = world.receiver.events.filter((e) => e.type === 'K8sExtensionReconciler.ExtensionDrifted');
  out(`drift: ${stage.drifted.extensionName} on ${shortName(stage.drifted.clusterId)} was moved by hand ${stage.drifted.from} → ${stage.drifted.to}; ${drifted.length} ExtensionDrifted event(s):`);
  for (const e of drifted.slice(0, 3)) out(`  ${JSON.stringify(e.data)}`);
  return stage;
}
