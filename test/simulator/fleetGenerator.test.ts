import semver from 'semver';
import { generateFleet, toCatalog, toFleetSnapshot } from '../../simulator/fleetGenerator';

describe('generateFleet', () => {
  test('is deterministic for a seed and differs across seeds', () => {
    const a = generateFleet({ clusters: 50, subscriptions: 3, seed: 42 });
    const b = generateFleet({ clusters: 50, subscriptions: 3, seed: 42 });
    const c = generateFleet({ clusters: 50, subscriptions: 3, seed: 43 });
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });

  test('produces realistic AKS and Arc clusters', () => {
    const fleet = generateFleet({ clusters: 400, subscriptions: 4, seed: 5, arcShare: 0.25 });
    const aks = /^\/subscriptions\/[0-9a-f-]{36}\/resourceGroups\/rg-\d+\/providers\/Microsoft\.ContainerService\/managedClusters\/aks-\d+$/;
    const arc = /^\/subscriptions\/[0-9a-f-]{36}\/resourceGroups\/rg-\d+\/providers\/Microsoft\.Kubernetes\/connectedClusters\/arc-\d+$/;
    expect(fleet.clusters).toHaveLength(400);
    expect(fleet.clusters.every((c) => aks.test(c.id) || arc.test(c.id))).toBe(true);
    const arcCount = fleet.clusters.filter((c) => arc.test(c.id)).length;
    expect(arcCount).toBeGreaterThan(50);
    expect(arcCount).toBeLessThan(150);
    expect(new Set(fleet.clusters.map((c) => c.id.split('/')[2])).size).toBe(4);
    expect(new Set(fleet.clusters.map((c) => c.tags.ring))).toEqual(new Set(['canary', 'early', 'broad', 'prod']));
    expect(fleet.clusters.every((c) => semver.satisfies(c.kubernetesVersion, '>=1.28.0 <1.32.0'))).toBe(true);
  });

  test('installs known versions, mostly pinned and behind the latest, with some auto-upgrade and secrets', () => {
    const fleet = generateFleet({ clusters: 1000, subscriptions: 2, seed: 9 });
    const exts = fleet.clusters.flatMap((c) => c.extensions);
    expect(Object.keys(fleet.extensionTypes).length).toBeGreaterThanOrEqual(4);
    for (const e of exts) expect(fleet.extensionTypes[e.extensionType]!.map((v) => v.version)).toContain(e.currentVersion);
    const pinned = exts.filter((e) => !e.autoUpgradeMinorVersion);
    expect(pinned.length / exts.length).toBeGreaterThan(0.75);
    expect(pinned.every((e) => e.version === e.currentVersion)).toBe(true);
    expect(exts.some((e) => e.autoUpgradeMinorVersion && e.version === undefined)).toBe(true);
    const latest = (type: string): string => fleet.extensionTypes[type]!.filter((v) => v.releaseTrain === 'stable').at(-1)!.version;
    expect(exts.filter((e) => e.currentVersion !== latest(e.extensionType)).length / exts.length).toBeGreaterThan(0.5);
    expect(exts.some((e) => e.isSystemExtension)).toBe(true);
    expect(exts.some((e) => e.configurationProtectedSettings !== undefined)).toBe(true);
    expect(fleet.clusters.some((c) => c.extensions.length === 0)).toBe(true);
  });

  test('spreads subscriptions over management groups', () => {
    const fleet = generateFleet({ clusters: 10, subscriptions: 5, seed: 1, managementGroups: 2 });
    expect(Object.keys(fleet.managementGroups!)).toEqual(['mg-0', 'mg-1']);
    expect(fleet.managementGroups!['mg-0']).toHaveLength(3);
  });

  test('generates 10,000 clusters', () => {
    const fleet = generateFleet({ clusters: 10_000, subscriptions: 40, seed: 7 });
    expect(fleet.clusters).toHaveLength(10_000);
    expect(new Set(fleet.clusters.map((c) => c.id)).size).toBe(10_000);
  });
});

describe('toFleetSnapshot and toCatalog', () => {
  const fleet = generateFleet({ clusters: 30, subscriptions: 2, seed: 11 });

  test('the snapshot carries installed versions and no settings', () => {
    const snap = toFleetSnapshot(fleet);
    const c = fleet.clusters.find((x) => x.extensions.length > 0)!;
    const s = snap.clusters.find((x) => x.id === c.id)!;
    expect(s.kubernetesVersion).toBe(c.kubernetesVersion);
    expect(s.extensions[0]!.version).toBe(c.extensions[0]!.currentVersion);
    expect(JSON.stringify(snap)).not.toMatch(/sk-[0-9a-f]{32}/);
  });

  test('the catalog turns unsupported Kubernetes versions into supported ranges', () => {
    const catalog = toCatalog(fleet);
    const flux = catalog.extensionTypes['microsoft.flux']!.versions;
    expect(flux[0]!.kubernetes).toBe('<1.29.0'); // oldest minor: ">1.28"
    const newestStable = flux.filter((v) => v.releaseTrain === 'stable').at(-1)!;
    expect(newestStable.kubernetes).toBe('<1.18.0 || >=1.29.0'); // "1.18..1.28"
    const secondNewest = flux.find((v) => v.version === '1.13.0')!;
    expect(secondNewest.kubernetes).toEqual({ connectedCluster: '<1.32.0' }); // ">1.31" on Arc only
    expect(flux.some((v) => v.releaseTrain === 'preview' && v.version.includes('-preview'))).toBe(true);
    expect(flux.every((v) => typeof v.releasedAt === 'string')).toBe(true);
  });
});
