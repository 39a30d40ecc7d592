import fs from 'node:fs';
import path from 'node:path';
import { getClient } from '@azure-rest/core-client';
import type { Client } from '@azure-rest/core-client';
import { SourceControlConfigurationClient } from '@azure/arm-kubernetesconfiguration';
import { generateFleet } from './fleetGenerator';
import { startFleetSimulator } from './fleetSimulator';
import type { FleetSimulator } from './types';

const fixture = (name: string): any => JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', name), 'utf8')); // eslint-disable-line @typescript-eslint/no-explicit-any
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

  test('Extensions_Get: raw body and SDK model carry the property names of the spec example', async () => {
    const example = fixture('Extensions_Get.json').responses['200'].body;
    const cluster = sim.fleet.clusters.find((c) => c.extensions.some((e) => !e.autoUpgradeMinorVersion && e.provisioningState === 'Succeeded'))!;
    const ext = cluster.extensions.find((e) => !e.autoUpgradeMinorVersion && e.provisioningState === 'Succeeded')!;
    const s = cluster.id.split('/');
    const res = await rest(sim).pathUnchecked(`${cluster.id}/providers/Microsoft.KubernetesConfiguration/extensions/${ext.name}`).get({ queryParameters: { 'api-version': '2023-05-01' } });
    const body = res.body;
    // `autoUpgradeChannel` is in the 2024-06-01 example only; the 2023-05-01 API the SDK uses has no such property.
    const exampleProps = keys(example.properties).filter((k) => k !== 'autoUpgradeChannel');
    expect(keys(body)).toEqual(keys(example));
    expect(keys(body.properties)).toEqual(exampleProps);
    expect(keys(body.systemData)).toEqual(keys(example.systemData));
    for (const k of exampleProps) expect(typeof body.properties[k]).toBe(typeof example.properties[k]);

    const kc = new SourceControlConfigurationClient(sim.credential, s[2]!, { endpoint: sim.endpoint, tlsOptions: { ca: sim.ca } });
    const model = await kc.extensions.get(s[4]!, s[6]!, s[7]!, s[8]!, ext.name);
    const flattened = [...keys(example).filter((k) => k !== 'properties'), ...exampleProps].sort();
    expect(keys(model)).toEqual(flattened);
  });

  test('extension type versions: the item shape of the spec example, filtered by train and cluster type, paged', async () => {
    const example = fixture('ExtensionTypes_ListVersionsByLocation.json').responses['200'].body;
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
