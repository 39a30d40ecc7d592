import semver from 'semver';
import { armConnection } from '../../../src/azure/arm/armConnection';
import { parseClusterId } from '../../../src/domain/armId';
import { ExtensionTypeCatalog } from '../../../src/azure/arm/extensionTypeCatalog';
import type { Catalog, ClusterType, FleetSnapshot, KubernetesCompatibility } from '../../../src/domain/model';
import { generateFleet, toCatalog } from '../../../simulator/fleetGenerator';
import { startFleetSimulator } from '../../../simulator/fleetSimulator';
import type { FleetSimulator } from '../../../simulator/types';

const KUBERNETES = ['1.17.3', '1.18.0', '1.27.9', '1.28.0', '1.28.15', '1.29.4', '1.30.0', '1.31.2', '1.32.0'];

function rangeFor(k: KubernetesCompatibility | undefined, clusterType: ClusterType): string {
  if (k === undefined) return '*';
  if (typeof k === 'string') return k;
  return k[clusterType] ?? k['*'] ?? '*';
}

/** type -> cluster types and whether a preview-train extension exists, from a snapshot. */
function needs(snapshot: FleetSnapshot): Map<string, { clusterTypes: Set<ClusterType>; places: Set<string>; preview: boolean }> {
  const out = new Map<string, { clusterTypes: Set<ClusterType>; places: Set<string>; preview: boolean }>();
  for (const c of snapshot.clusters) {
    const ct = parseClusterId(c.id).clusterType;
    for (const e of c.extensions) {
      const n = out.get(e.extensionType) ?? { clusterTypes: new Set(), places: new Set(), preview: false };
      n.clusterTypes.add(ct);
      n.places.add(`${c.location}|${ct}`);
      n.preview ||= e.releaseTrain.toLowerCase() === 'preview';
      out.set(e.extensionType, n);
    }
  }
  return out;
}

/** GETs the catalog must send: per (type, location, cluster type, train), one per page of 20. */
function expectedRequests(sim: FleetSimulator, skip: Set<string> = new Set()): number {
  let n = 0;
  for (const [type, need] of needs(sim.snapshot())) {
    if (skip.has(type)) continue;
    const history = sim.fleet.extensionTypes[type]!;
    const trains = need.preview ? ['stable', 'preview'] : ['stable'];
    for (const train of trains) n += need.places.size * Math.ceil(history.filter((v) => v.releaseTrain === train).length / 20);
  }
  return n;
}

describe('ExtensionTypeCatalog against the simulator', () => {
  let sim: FleetSimulator;
  const conn = () => ({ ...armConnection({ endpoint: sim.endpoint, credential: sim.credential }), ca: sim.ca });
  afterEach(async () => {
    await sim?.close();
  });

  it('matches the simulator catalog (toCatalog) version by version, cluster type by cluster type', async () => {
    sim = await startFleetSimulator({ fleet: generateFleet({ clusters: 80, subscriptions: 2, seed: 21 }) });
    const snapshot = sim.snapshot();
    const expected = toCatalog(sim.fleet);

    const catalog = await new ExtensionTypeCatalog(conn()).catalogFor(snapshot);

    const need = needs(snapshot);
    expect(Object.keys(catalog.extensionTypes).sort()).toEqual([...need.keys()].sort());
    expect([...need.values()].some((n) => n.preview)).toBe(true);
    expect([...need.values()].some((n) => n.clusterTypes.size === 2)).toBe(true);
    for (const [type, n] of need) {
      const trains = n.preview ? ['stable', 'preview'] : ['stable'];
      const want = expected.extensionTypes[type]!.versions.filter((v) => trains.includes(v.releaseTrain));
      const got = catalog.extensionTypes[type]!.versions;
      expect(got.map((v) => [v.version, v.releaseTrain]).sort()).toEqual(want.map((v) => [v.version, v.releaseTrain]).sort());
      for (const w of want) {
        const g = got.find((v) => v.version === w.version)!;
        for (const ct of n.clusterTypes)
          for (const k of KUBERNETES) {
            expect([type, w.version, ct, k, semver.satisfies(k, rangeFor(g.kubernetes, ct))]).toEqual([type, w.version, ct, k, semver.satisfies(k, rangeFor(w.kubernetes, ct))]);
          }
      }
    }
  });

  it('sends one paged GET per type, location, cluster type and train, and caches them per instance', async () => {
    sim = await startFleetSimulator({ fleet: generateFleet({ clusters: 40, subscriptions: 2, seed: 8 }) });
    const catalogSource = new ExtensionTypeCatalog(conn());

    const first = await catalogSource.catalogFor(sim.snapshot());
    const afterFirst = sim.counters().calls['extensionTypes.versions'];
    const second = await catalogSource.catalogFor(sim.snapshot());

    expect(afterFirst).toBe(expectedRequests(sim));
    expect(sim.counters().calls['extensionTypes.versions']).toBe(afterFirst);
    expect(catalogSource.requests).toBe(afterFirst);
    expect(second).toEqual(first);
  });

  it('takes overlay types from the overlay and does not read them', async () => {
    sim = await startFleetSimulator({ fleet: generateFleet({ clusters: 40, subscriptions: 2, seed: 8 }) });
    const overlay: Catalog = { extensionTypes: { 'Microsoft.Flux': { versions: [{ version: '1.10.0', releaseTrain: 'stable', kubernetes: '>=1.28.0' }] } } };

    const catalog = await new ExtensionTypeCatalog(conn(), { overlay }).catalogFor(sim.snapshot());

    expect(catalog.extensionTypes['microsoft.flux']).toEqual(overlay.extensionTypes['Microsoft.Flux']);
    expect(needs(sim.snapshot()).has('microsoft.flux')).toBe(true);
    expect(sim.counters().calls['extensionTypes.versions']).toBe(expectedRequests(sim, new Set(['microsoft.flux'])));
  });

  it('reports an extension type the API does not know and gives it no versions', async () => {
    sim = await startFleetSimulator({ fleet: generateFleet({ clusters: 5, subscriptions: 1, seed: 4, extensionsPerCluster: [1, 1] }) });
    const cluster = sim.fleet.clusters[0]!;
    sim.setExtension(cluster.id, cluster.extensions[0]!.name, { extensionType: 'Contoso.Unknown' });
    const warnings: string[] = [];

    const catalog = await new ExtensionTypeCatalog(conn(), { onWarning: (w) => warnings.push(w) }).catalogFor(sim.snapshot());

    expect(catalog.extensionTypes['contoso.unknown']).toEqual({ versions: [] });
    expect(warnings.some((w) => w.includes('contoso.unknown') && w.includes('404'))).toBe(true);
  });

  it('treats a version with an unreadable unsupported string as compatible with nothing on that cluster type', async () => {
    sim = await startFleetSimulator({ fleet: generateFleet({ clusters: 10, subscriptions: 1, seed: 4, extensionsPerCluster: [1, 1], arcShare: 0 }) });
    const type = sim.fleet.clusters[0]!.extensions[0]!.extensionType;
    const bad = sim.fleet.extensionTypes[type]![0]!;
    bad.unsupportedKubernetesVersions = { managedCluster: [{ unsupportedVersions: ['latest-ish'] }] };
    const warnings: string[] = [];

    const catalog = await new ExtensionTypeCatalog(conn(), { onWarning: (w) => warnings.push(w) }).catalogFor(sim.snapshot());

    const v = catalog.extensionTypes[type]!.versions.find((x) => x.version === bad.version)!;
    expect(semver.satisfies('1.30.0', rangeFor(v.kubernetes, 'managedCluster'))).toBe(false);
    expect(warnings.some((w) => w.includes('"latest-ish"'))).toBe(true);
  });

  it('retries a 503 from the versions API', async () => {
    sim = await startFleetSimulator({ fleet: generateFleet({ clusters: 10, subscriptions: 1, seed: 4 }) });
    sim.faults.serverErrors({ count: 2, kinds: ['extensionTypes.versions'] });
    const catalog = await new ExtensionTypeCatalog(conn(), { retryDelayMs: 10 }).catalogFor(sim.snapshot());
    expect(Object.values(catalog.extensionTypes).every((t) => t.versions.length > 0)).toBe(true);
    expect(sim.counters().calls['extensionTypes.versions']).toBe(expectedRequests(sim) + 2);
  });
});
