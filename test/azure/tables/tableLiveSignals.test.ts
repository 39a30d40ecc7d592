/** Issue 24's tables against Azurite: ReleaseSightings (first sighting kept) and InstalledVersions (records, our writes, bounded column). */
import { createTableStores } from '../../../src/azure/tables/tableStores';
import { MAX_VERSIONS_CHARS, versionsColumn } from '../../../src/azure/tables/tableInstalledVersions';
import { sightingKey } from '../../../src/domain/releaseAge';
import { startAzurite, type AzuriteTables } from '../../../simulator/world/azurite';

const AKS = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/Aks-1';

describe('issue 24 tables against Azurite', () => {
  let azurite: AzuriteTables;
  beforeAll(async () => {
    azurite = await startAzurite();
  });
  afterAll(async () => {
    await azurite.stop();
  });

  it('ReleaseSightings keeps the first sighting of a (type, version, region) and reads by type', async () => {
    const { sightings } = createTableStores({ connectionString: azurite.connectionString });
    expect(await sightings.read(['microsoft.flux'])).toEqual(new Map());
    await sightings.record([
      { extensionType: 'microsoft.flux', version: '1.9.0', region: 'eastus', firstSeen: '2026-06-01T00:00:00.000Z' },
      { extensionType: 'microsoft.flux', version: '1.9.0+build/7', region: 'westeurope', firstSeen: '2026-06-02T00:00:00.000Z' },
      { extensionType: 'microsoft.dapr', version: '1.14.0', region: 'eastus', firstSeen: '2026-06-01T00:00:00.000Z' },
    ]);
    await sightings.record([{ extensionType: 'microsoft.flux', version: '1.9.0', region: 'eastus', firstSeen: '2026-06-09T00:00:00.000Z' }]);
    expect(await sightings.read(['Microsoft.Flux'])).toEqual(
      new Map([
        [sightingKey('microsoft.flux', '1.9.0', 'eastus'), '2026-06-01T00:00:00.000Z'],
        [sightingKey('microsoft.flux', '1.9.0+build/7', 'westeurope'), '2026-06-02T00:00:00.000Z'],
      ]),
    );
  });

  it('InstalledVersions: records by cluster id (case-insensitive), our writes update one extension, unknown clusters are absent', async () => {
    const { installed } = createTableStores({ connectionString: azurite.connectionString });
    await installed.putMany([{ clusterId: AKS, kubernetesVersion: '1.30.2', versions: { flux: '1.8.2', dapr: '1.13.0' }, at: '2026-06-01T00:00:00Z' }]);
    await installed.recordWrite(AKS.toUpperCase(), 'flux', '1.8.3', '2026-06-01T01:00:00Z');
    await installed.recordWrite(`${AKS}-never-seen`, 'flux', '1.8.3', '2026-06-01T01:00:00Z');
    const got = await installed.get([AKS, `${AKS}-never-seen`]);
    expect([...got.keys()]).toEqual([AKS.toLowerCase()]);
    expect(got.get(AKS.toLowerCase())).toEqual({ clusterId: AKS, kubernetesVersion: '1.30.2', versions: { flux: '1.8.3', dapr: '1.13.0' }, at: '2026-06-01T01:00:00Z' });
  });

  it(`the versions column stays under ${MAX_VERSIONS_CHARS} characters, dropping the last extensions`, () => {
    const many = Object.fromEntries(Array.from({ length: 400 }, (_, i) => [`extension-${String(i).padStart(3, '0')}-${'x'.repeat(60)}`, `1.${i}.0`]));
    const text = versionsColumn(many);
    expect(text.length).toBeLessThanOrEqual(MAX_VERSIONS_CHARS);
    const kept = Object.keys(JSON.parse(text) as Record<string, string>);
    expect(kept[0]).toBe(Object.keys(many)[0]);
    expect(kept.length).toBeLessThan(400);
  });
});
