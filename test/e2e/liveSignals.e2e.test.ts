/**
 * Issue 24 end to end on the simulator, with no catalog file: observed release age (a version published "today" is
 * not moved to for minReleaseAgeDays), a region that lags (not-yet-in-region) and drift (a move nobody in a rollout
 * made is reported, never reverted). Expected decisions come from the independent oracle over the live catalog, dated
 * by what the test knows: every version counts from the pass that first saw it.
 */
import semver from 'semver';
import { armConnection } from '../../src/azure/arm/armConnection';
import { ExtensionTypeCatalog } from '../../src/azure/arm/extensionTypeCatalog';
import type { Catalog } from '../../src/domain/model';
import { DEFAULT_WORLD_POLICY, startE2eWorld, type E2eWorld } from '../../simulator/world/e2eWorld';
import { oraclePlan, type OracleDecision } from '../../soak/oracle';

const DAY = 86_400_000;
const T0 = new Date('2026-06-01T08:00:00Z');
/** Longer than the catalog adapter's answer cache (10 minutes): the next read asks the simulator again. */
const PAST_CACHE = 11 * 60_000;

/** The live catalog with each version dated by when the test published it (default: before the first pass). */
function dated(catalog: Catalog, published: ReadonlyMap<string, Date>): Catalog {
  const extensionTypes: Catalog['extensionTypes'] = {};
  for (const [type, { versions }] of Object.entries(catalog.extensionTypes)) {
    extensionTypes[type] = { versions: versions.map((v) => ({ ...v, releasedAt: (published.get(`${type}|${v.version}`) ?? T0).toISOString() })) };
  }
  return { extensionTypes };
}

describe('end to end: live signals on the simulator (no catalog file)', () => {
  let world: E2eWorld;
  const published = new Map<string, Date>();
  const policy = { ...DEFAULT_WORLD_POLICY, minReleaseAgeDays: 7 };
  const plan = async (minReleaseAgeDays = 7): Promise<OracleDecision[]> => {
    const snapshot = world.sim.snapshot();
    const catalog = dated(await world.services.catalog.catalogFor(snapshot), published);
    return oraclePlan({ snapshot, catalog, policy: { ...world.services.policy, minReleaseAgeDays }, now: world.harness.now });
  };
  const upgrades = (ds: OracleDecision[]): OracleDecision[] => ds.filter((d) => d.action === 'upgrade');

  beforeAll(async () => {
    world = await startE2eWorld({ generate: { clusters: 16, subscriptions: 1, seed: 9, extensionsPerCluster: [2, 4] }, policy, now: T0 });
    // the catalog adapter as built, with its answer cache on the orchestration clock (days pass in this test)
    const conn = armConnection({ endpoint: world.sim.endpoint, caFile: world.settings.RECONCILER_ARM_CA_FILE!, credential: world.sim.credential });
    world.services.catalog = new ExtensionTypeCatalog(conn, { now: () => world.harness.now.getTime() });
  });
  afterAll(() => world.close());

  it('a new deployment starts every version young: the first pass moves nothing and records first sightings', async () => {
    expect(upgrades(await plan(0)).length).toBeGreaterThan(0); // without the age rule there are moves
    expect(upgrades(await plan())).toEqual([]);
    world.sim.resetCounters();
    await world.runTimer();
    expect(world.sim.counters().writesApplied).toEqual([]);
    const live = await world.services.catalog.catalogFor(world.sim.snapshot());
    const perRegion = Object.values(live.extensionTypes).reduce((n, t) => n + t.versions.reduce((m, v) => m + (v.regions?.length ?? 0), 0), 0);
    const recorded = await world.services.sightings!.read(Object.keys(live.extensionTypes));
    expect(recorded.size).toBe(Math.min(perRegion, 500));
    expect(new Set(recorded.values())).toEqual(new Set([T0.toISOString()]));
  });

  it('eight days on, aged versions move and a version published today is not moved to', async () => {
    // record every sighting first (a pass writes at most 500), then let them age
    for (let i = 0; i < 3; i++) await world.runTimer();
    world.harness.advanceClock(new Date(T0.getTime() + 8 * DAY));
    const before = upgrades(await plan(0));
    const target = before[0]!;
    const type = target.extensionType.toLowerCase();
    const history = world.sim.fleet.extensionTypes[type]!;
    const model = history.find((v) => v.version === target.to)!;
    const today = semver.inc(target.to!, 'patch')!;
    world.sim.publishVersion(type, { ...structuredClone(model), version: today });
    world.harness.advanceClock(new Date(world.harness.now.getTime() + PAST_CACHE));
    published.set(`${type}|${today}`, world.harness.now); // first seen by the next pass, now

    expect(upgrades(await plan(0)).some((d) => d.to === today)).toBe(true); // without the age rule it would be taken
    const expected = upgrades(await plan());
    expect(expected.some((d) => d.path.includes(today))).toBe(false);
    expect(expected.length).toBeGreaterThan(0);
    world.sim.resetCounters();
    await world.runTimer();
    const writes = world.sim.counters().writesApplied;
    expect(writes).toHaveLength(expected.reduce((n, d) => n + d.path.length, 0));
    expect(writes.some((w) => w.to === today)).toBe(false);
    const ext = world.sim.fleet.clusters.find((c) => c.id === target.clusterId)!.extensions.find((e) => e.name === target.extensionName)!;
    expect(ext.currentVersion).toBe(target.to);
  });

  it('a region that lags: a version offered only elsewhere waits there with not-yet-in-region', async () => {
    // a flux extension with nothing newer allowed: the next patch of its line, offered only in another region of the
    // fleet where a cluster of the same type runs flux (the catalog is read where the fleet is)
    const kind = (id: string): string => id.split('/')[7]!;
    const region = (location: string): string => location.replace(/\s+/g, '').toLowerCase();
    const fluxClusters = world.sim.fleet.clusters.filter((c) => c.extensions.some((e) => e.extensionType.toLowerCase() === 'microsoft.flux'));
    const upToDate = (await plan()).find((d) => d.extensionType.toLowerCase() === 'microsoft.flux' && d.code === 'up-to-date' && fluxClusters.some((c) => kind(c.id) === kind(d.clusterId) && region(c.location) !== region(world.sim.fleet.clusters.find((x) => x.id === d.clusterId)!.location)))!;
    const cluster = world.sim.fleet.clusters.find((c) => c.id === upToDate.clusterId)!;
    const flux = cluster.extensions.find((e) => e.name === upToDate.extensionName)!;
    const history = world.sim.fleet.extensionTypes['microsoft.flux']!;
    const model = history.find((v) => v.version === flux.currentVersion)!;
    const line = history.filter((v) => semver.major(v.version) === semver.major(flux.currentVersion) && semver.minor(v.version) === semver.minor(flux.currentVersion));
    const next = `${semver.major(flux.currentVersion)}.${semver.minor(flux.currentVersion)}.${Math.max(...line.map((v) => semver.patch(v.version))) + 1}`;
    const elsewhere = region(fluxClusters.find((c) => kind(c.id) === kind(cluster.id) && region(c.location) !== region(cluster.location))!.location);
    world.sim.publishVersion('microsoft.flux', { ...structuredClone(model), version: next, regions: [elsewhere] });
    world.harness.advanceClock(new Date(world.harness.now.getTime() + PAST_CACHE));
    published.set(`microsoft.flux|${next}`, world.harness.now);
    await world.runTimer(); // first sighting in the other region
    world.harness.advanceClock(new Date(world.harness.now.getTime() + 8 * DAY));

    const expected = (await plan()).find((d) => d.clusterId === cluster.id && d.extensionName === flux.name)!;
    expect(expected).toMatchObject({ action: 'wait', code: 'not-yet-in-region' });
    const { rolloutId } = await world.runTimer();
    const row = (await world.audit({ rolloutId })).find((r) => r.kind === 'planned' && r.clusterId === cluster.id && r.extensionName === flux.name);
    expect(row?.code).toBe('not-yet-in-region');
  });

  it('drift: a minor move nobody in a rollout made is reported once, breaking the rule, and never reverted', async () => {
    const cluster = world.sim.fleet.clusters.find((c) => c.extensions.some((e) => e.name === 'dapr' || e.name === 'flux'))!;
    const ext = cluster.extensions.find((e) => e.name === 'dapr' || e.name === 'flux')!;
    const from = ext.currentVersion;
    const lower = world.sim.fleet.extensionTypes[ext.extensionType.toLowerCase()]!.map((v) => v.version).filter((v) => semver.valid(v) && !semver.prerelease(v) && semver.lt(v, from) && semver.minor(v) !== semver.minor(from));
    const to = lower.sort(semver.rcompare)[0]!;
    world.sim.setExtension(cluster.id, ext.name, { currentVersion: to, version: to }); // a person's `az k8s-extension update`
    world.receiver.events.length = 0;
    world.sim.resetCounters();

    const { rolloutId } = await world.runTimer();
    const drift = (await world.audit({ rolloutId })).filter((r) => r.kind === 'drift');
    expect(drift).toMatchObject([{ clusterId: cluster.id, extensionName: ext.name, from, to, code: 'extension-drifted', moveKind: 'minor' }]);
    const events = world.receiver.events.filter((e) => e.type === 'K8sExtensionReconciler.ExtensionDrifted');
    expect(events).toHaveLength(1);
    expect(events[0]!.data).toMatchObject({ clusterId: cluster.id, extensionName: ext.name, from, to, brokeRule: true, breaks: ['minor-move-without-kubernetes-upgrade'] });
    expect(JSON.stringify(events[0]!.data).length).toBeLessThan(2048);
    expect(world.sim.counters().writesApplied.some((w) => w.clusterId === cluster.id && w.extensionName === ext.name && w.to === from)).toBe(false);

    world.receiver.events.length = 0;
    await world.runTimer();
    expect(world.receiver.events.filter((e) => e.type === 'K8sExtensionReconciler.ExtensionDrifted')).toEqual([]);
  });
});
