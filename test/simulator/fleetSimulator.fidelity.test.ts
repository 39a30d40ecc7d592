import { getClient } from '@azure-rest/core-client';
import type { Client } from '@azure-rest/core-client';
import { generateFleet } from '../../simulator/fleetGenerator';
import { startFleetSimulator } from '../../simulator/fleetSimulator';
import { simExtensionFromExample, specExample } from '../../simulator/specExamples';
import type { FleetSimulator } from '../../simulator/types';

const fixture = (name: string): any => specExample(name); // eslint-disable-line @typescript-eslint/no-explicit-any
const keys = (o: object): string[] => Object.keys(o).sort();

function rest(sim: FleetSimulator): Client {
  return getClient(sim.endpoint, sim.credential, { credentials: { scopes: ['https://management.azure.com/.default'] }, tlsOptions: { ca: sim.ca } });
}

describe('fleet simulator: fidelity to the azure-rest-api-specs examples', () => {
  let sim: FleetSimulator;
  beforeAll(async () => {
    sim = await startFleetSimulator({ fleet: generateFleet({ clusters: 20, subscriptions: 1, seed: 8, extensionsPerCluster: [2, 4] }) });
  });
  afterAll(async () => sim.close());

  test('extensions at 2025-03-01: a served body has the keys and value types of the spec examples, managedBy and managementDetails included', async () => {
    const examples = ['GetExtension.json', 'GetExtensionWithManagedBy.json', 'GetExtensionWithExtensionState.json', 'GetExtensionWithAdditionalDetails.json'].map((f): { properties: Record<string, unknown> } => specExample(`2025-03-01/${f}`) as { properties: Record<string, unknown> });
    const exampleKeys = new Set(examples.flatMap((e) => Object.keys(e)));
    const examplePropertyTypes = new Map<string, string>(examples.flatMap((e) => Object.entries(e.properties).map(([k, v]) => [k, typeof v] as [string, string])));
    const cluster = sim.fleet.clusters.find((c) => c.extensions.length > 0)!;
    const managed = simExtensionFromExample('2025-03-01/GetExtensionWithManagedBy.json');
    cluster.extensions.push(managed);
    const res = await rest(sim).pathUnchecked(`${cluster.id}/providers/Microsoft.KubernetesConfiguration/extensions/${managed.name}`).get({ queryParameters: { 'api-version': '2025-03-01' } });
    const body = res.body;

    for (const k of Object.keys(body)) expect(exampleKeys).toContain(k);
    for (const [k, v] of Object.entries(body.properties as Record<string, unknown>)) expect([k, typeof v]).toEqual([k, examplePropertyTypes.get(k)]);
    expect(body.managedBy).toBe(managed.managedBy);
    expect(body.properties.managementDetails).toEqual(specExample('2025-03-01/GetExtensionWithManagedBy.json').properties.managementDetails);
    expect(body.properties.autoUpgradeMode).toBe('compatible');
    const old = await rest(sim).pathUnchecked(`${cluster.id}/providers/Microsoft.KubernetesConfiguration/extensions/${managed.name}`).get({ queryParameters: { 'api-version': '2023-05-01' } });
    expect(old.status).toBe('400');
  });

  test('the operation status body has the keys of GetExtensionAsyncOperationStatus.json', async () => {
    const example = specExample('2025-03-01/GetExtensionAsyncOperationStatus.json');
    const cluster = sim.fleet.clusters.find((c) => c.extensions.some((e) => !e.autoUpgradeMinorVersion && e.provisioningState === 'Succeeded' && !e.managedBy))!;
    const ext = cluster.extensions.find((e) => !e.autoUpgradeMinorVersion && e.provisioningState === 'Succeeded' && !e.managedBy)!;
    const path = `${cluster.id}/providers/Microsoft.KubernetesConfiguration/extensions/${ext.name}`;
    const patch = await rest(sim).pathUnchecked(path).patch({ queryParameters: { 'api-version': '2025-03-01' }, body: { properties: { autoUpgradeMode: 'none' } } });
    expect(patch.status).toBe('202');
    const statusUrl = patch.headers['azure-asyncoperation']!;
    const poll = await rest(sim).pathUnchecked(statusUrl).get();
    for (const k of Object.keys(poll.body)) expect(Object.keys(example)).toContain(k);
    expect(typeof poll.body.status).toBe('string');
  });

  test('extension type versions: the item shape of the spec example, filtered by train and cluster type, paged', async () => {
    const example = fixture('ExtensionTypes_ListVersionsByLocation.json');
    const sub = sim.fleet.clusters[0]!.id.split('/')[2]!;
    const base = `/subscriptions/${sub}/providers/Microsoft.KubernetesConfiguration/locations/eastus/extensionTypes/microsoft.flux/versions`;
    const client = rest(sim);
    const stable = await client.pathUnchecked(base).get({ queryParameters: { 'api-version': '2024-11-01-preview', releaseTrain: 'Stable', clusterType: 'managedCluster' } });
    expect(stable.status).toBe('200');
    const page = stable.body;
    expect(keys(page)).toEqual(keys(example));
    expect(keys(page.value[0])).toEqual(keys(example.value[0]));
    expect(keys(page.value[0].properties)).toEqual(keys(example.value[0].properties));
    expect(page.value[0].properties.unsupportedKubernetesVersions.managedCluster[0].unsupportedVersions).toEqual(['>1.28']);
    const expectedStable = sim.fleet.extensionTypes['microsoft.flux']!.filter((v) => v.releaseTrain === 'stable').map((v) => v.version);
    const all: string[] = page.value.map((v: { name: string }) => v.name);
    expect(expectedStable.length).toBeGreaterThan(20); // so the answer spans two pages of 20
    expect(page.nextLink).toMatch(/^https:\/\/127\.0\.0\.1:\d+\//);
    let next: string | null = page.nextLink;
    while (next) {
      const more = await client.pathUnchecked(next.slice(sim.endpoint.length)).get();
      all.push(...(more.body).value.map((v: { name: string }) => v.name));
      next = (more.body).nextLink;
    }
    expect(all).toEqual(expectedStable);

    const preview = await client.pathUnchecked(base).get({ queryParameters: { 'api-version': '2024-11-01-preview', releaseTrain: 'preview' } });
    expect((preview.body).value.map((v: { name: string }) => v.name)).toEqual(['1.15.0-preview.1', '1.15.0-preview.2']);
    const latest = await client.pathUnchecked(base).get({ queryParameters: { 'api-version': '2024-11-01-preview', releaseTrain: 'stable', showLatest: 'true' } });
    expect((latest.body).value.map((v: { name: string }) => v.name)).toEqual([expectedStable.at(-1)]);
    const unknown = await client.pathUnchecked(base.replace('microsoft.flux', 'contoso.nothing')).get({ queryParameters: { 'api-version': '2024-11-01-preview' } });
    expect(unknown.status).toBe('404');
    expect(sim.counters().calls['extensionTypes.versions']).toBeGreaterThanOrEqual(4);
  });
});

describe('fleet simulator: extension type versions filters', () => {
  let sim: FleetSimulator;
  beforeAll(async () => {
    sim = await startFleetSimulator({ fleet: generateFleet({ clusters: 2, subscriptions: 1, seed: 3 }) });
  });
  afterAll(async () => sim.close());

  test('showLatest answers the highest version by semver even when the history is not in ascending order', async () => {
    const versions = ['1.10.0', '1.2.0', '1.9.3', '2.0.0-preview.1'];
    sim.fleet.extensionTypes['contoso.unsorted'] = versions.map((version) => ({ version, releaseTrain: version.includes('preview') ? 'preview' : 'stable' }));
    const sub = sim.fleet.clusters[0]!.id.split('/')[2]!;
    const base = `/subscriptions/${sub}/providers/Microsoft.KubernetesConfiguration/locations/eastus/extensionTypes/contoso.unsorted/versions`;
    const latest = await rest(sim).pathUnchecked(base).get({ queryParameters: { 'api-version': '2024-11-01-preview', releaseTrain: 'stable', showLatest: 'true' } });
    expect(latest.status).toBe('200');
    expect((latest.body).value.map((v: { name: string }) => v.name)).toEqual(['1.10.0']);
  });
});
