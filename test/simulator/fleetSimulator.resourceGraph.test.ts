import { simClusterFacts } from '../../simulator/armBodies';
import { ResourceGraphClient } from '@azure/arm-resourcegraph';
import type { FleetRow } from '../../src/azure/resourceGraph/fleetQuery';
import { FLEET_QUERY } from '../../src/azure/resourceGraph/fleetQuery';
import { fakeCredential } from '../../simulator/fakeCredential';
import { generateFleet } from '../../simulator/fleetGenerator';
import { startFleetSimulator } from '../../simulator/fleetSimulator';
import type { FleetSimulator } from '../../simulator/types';

function graph(sim: FleetSimulator, options: { maxRetries?: number; token?: string } = {}): ResourceGraphClient {
  return new ResourceGraphClient(options.token ? fakeCredential(options.token) : sim.credential, {
    endpoint: sim.endpoint,
    tlsOptions: { ca: sim.ca },
    ...(options.maxRetries === undefined ? {} : { retryOptions: { maxRetries: options.maxRetries } }),
  });
}

async function allRows(client: ResourceGraphClient, scope: { subscriptions?: string[]; managementGroups?: string[] }, top: number): Promise<FleetRow[]> {
  const rows: FleetRow[] = [];
  let skipToken: string | undefined;
  do {
    const page = await client.resources({ ...scope, query: FLEET_QUERY, options: { top, skipToken, resultFormat: 'objectArray' } });
    expect(page.resultTruncated).toBe('false');
    rows.push(...(page.data as FleetRow[]));
    skipToken = page.skipToken;
  } while (skipToken);
  return rows;
}

describe('fleet simulator: Resource Graph through the real SDK', () => {
  let sim: FleetSimulator;
  afterEach(async () => sim.close());

  test('pages the fleet query: one row per extension or extension-less cluster, ordered, no secrets', async () => {
    sim = await startFleetSimulator({ fleet: generateFleet({ clusters: 250, subscriptions: 3, seed: 4, managementGroups: 2 }), quota: { queries: 100, windowMs: 5000 } });
    const rows = await allRows(graph(sim), {}, 100);
    const expected = sim.fleet.clusters.reduce((n, c) => n + Math.max(1, c.extensions.length), 0);
    expect(rows).toHaveLength(expected);
    const keys = rows.map((r) => `${r.clusterId}\u0000${r.extensionId ?? ''}`);
    expect(keys).toEqual([...keys].sort());
    const bare = sim.fleet.clusters.find((c) => c.extensions.length === 0)!;
    expect(rows.filter((r) => r.clusterId === bare.id)).toEqual([{ clusterId: bare.id, location: bare.location, tags: bare.tags, kubernetesVersion: bare.kubernetesVersion, ...simClusterFacts(bare), extensionId: null, extensionName: null, extensionManagedBy: null, extensionProperties: null }]);
    const withExt = rows.find((r) => r.extensionProperties !== null)!;
    // PascalCase, as Microsoft's sample queries read them
    expect(Object.keys(withExt.extensionProperties!)).toEqual(expect.arrayContaining(['ExtensionType', 'ProvisioningState', 'AutoUpgradeMinorVersion', 'ReleaseTrain', 'Version', 'CurrentVersion', 'IsSystemExtension', 'Scope']));
    expect(JSON.stringify(rows)).not.toMatch(/sk-[0-9a-f]{32}/);
    expect(sim.counters().calls.resourceGraph).toBe(Math.ceil(expected / 100));
  });

  test('scopes rows to subscriptions and to management groups', async () => {
    sim = await startFleetSimulator({ fleet: generateFleet({ clusters: 60, subscriptions: 4, seed: 4, managementGroups: 2 }), quota: { queries: 100, windowMs: 5000 } });
    const sub = sim.fleet.clusters[0]!.id.split('/')[2]!;
    const bySub = await allRows(graph(sim), { subscriptions: [sub.toUpperCase()] }, 1000);
    expect(new Set(bySub.map((r) => r.clusterId.split('/')[2]))).toEqual(new Set([sub]));
    const mg = sim.fleet.managementGroups!['mg-1']!;
    const byGroup = await allRows(graph(sim), { managementGroups: ['mg-1'] }, 1000);
    expect(new Set(byGroup.map((r) => r.clusterId.split('/')[2]))).toEqual(new Set(mg));
  });

  test('refuses any other query with 400 UnsupportedQuery', async () => {
    sim = await startFleetSimulator();
    await expect(graph(sim, { maxRetries: 0 }).resources({ query: 'resources | project id' })).rejects.toMatchObject({ statusCode: 400, code: 'UnsupportedQuery' });
  });

  test('counts quota per principal, sends the quota headers, answers 429 when spent, and the SDK retries after the window', async () => {
    sim = await startFleetSimulator({ quota: { queries: 2, windowMs: 800 } });
    const seen: { remaining: string | undefined; resets: string | undefined }[] = [];
    const onResponse = (r: { headers: { get(name: string): string | undefined } }): void => {
      seen.push({ remaining: r.headers.get('x-ms-user-quota-remaining'), resets: r.headers.get('x-ms-user-quota-resets-after') });
    };
    const strict = graph(sim, { maxRetries: 0 });
    await strict.resources({ query: FLEET_QUERY }, { onResponse });
    await strict.resources({ query: FLEET_QUERY }, { onResponse });
    const err = await strict.resources({ query: FLEET_QUERY }, { onResponse }).catch((e: unknown) => e);
    expect(err).toMatchObject({ statusCode: 429 });
    expect(seen.map((s) => s.remaining)).toEqual(['1', '0', '0']);
    expect(seen[0]!.resets).toMatch(/^\d\d:\d\d:\d\d(\.\d{7})?$/);
    expect(sim.counters().throttled).toBe(1);
    // another principal has its own quota
    await expect(graph(sim, { maxRetries: 0, token: 'other-principal' }).resources({ query: FLEET_QUERY })).resolves.toMatchObject({ resultTruncated: 'false' });
    // the default pipeline honours Retry-After and gets through once the window resets
    const page = await graph(sim).resources({ query: FLEET_QUERY });
    expect(page.totalRecords).toBeGreaterThan(0);
  });
});
