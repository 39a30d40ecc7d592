import https from 'node:https';
import { RestError } from '@azure/core-rest-pipeline';
import { SourceControlConfigurationClient } from '@azure/arm-kubernetesconfiguration';
import { generateFleet } from '../../simulator/fleetGenerator';
import { startFleetSimulator } from '../../simulator/fleetSimulator';
import type { FleetSimulator, FleetSimulatorOptions, SimCluster, SimExtension } from '../../simulator/types';

/** SDK arguments of a cluster id: [subscription, resourceGroup, clusterRp, clusterResourceName, clusterName]. */
function parts(id: string): [string, string, string, string, string] {
  const s = id.split('/');
  return [s[2]!, s[4]!, s[6]!, s[7]!, s[8]!];
}

/** The extensions SDK (it speaks 2023-05-01) with its api-version raised to the 2025-03-01 the simulator serves. */
function client(sim: FleetSimulator, subscription: string, maxRetries?: number): SourceControlConfigurationClient {
  const kc = new SourceControlConfigurationClient(sim.credential, subscription, {
    endpoint: sim.endpoint,
    tlsOptions: { ca: sim.ca },
    ...(maxRetries === undefined ? {} : { retryOptions: { maxRetries, retryDelayInMs: 10, maxRetryDelayInMs: 50 } }),
  });
  kc.pipeline.addPolicy({
    name: 'extensionsApiVersion',
    sendRequest: (request, next) => {
      const url = new URL(request.url);
      if (url.searchParams.has('api-version')) url.searchParams.set('api-version', '2025-03-01');
      request.url = url.toString();
      return next(request);
    },
  });
  return kc;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- raw JSON bodies in assertions
function raw(sim: FleetSimulator, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const req = https.request(`${sim.endpoint}${path}`, { method, ca: sim.ca, headers: { authorization: 'Bearer raw', 'content-type': 'application/json' } }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : undefined }));
    });
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

/** A pinned, Succeeded, non-system extension on a managed cluster, with the stable versions of its type. */
function pinned(sim: FleetSimulator): { cluster: SimCluster; ext: SimExtension; stable: string[] } {
  for (const cluster of sim.fleet.clusters) {
    if (!/managedClusters/.test(cluster.id)) continue;
    for (const ext of cluster.extensions) {
      if (ext.autoUpgradeMinorVersion || ext.isSystemExtension || ext.provisioningState !== 'Succeeded') continue;
      const stable = sim.fleet.extensionTypes[ext.extensionType]!.filter((v) => v.releaseTrain === 'stable').map((v) => v.version);
      if (ext.currentVersion !== stable.at(-2)) continue;
      return { cluster, ext, stable };
    }
  }
  throw new Error('fixture: no suitable extension');
}

describe('fleet simulator: extensions through the real SDK', () => {
  let sim: FleetSimulator;
  const start = async (options: FleetSimulatorOptions = {}): Promise<void> => {
    sim = await startFleetSimulator({ fleet: generateFleet({ clusters: 60, subscriptions: 2, seed: 21, extensionsPerCluster: [2, 5] }), ...options });
  };
  afterEach(async () => sim.close());

  test('lists and gets extensions, never serving protected settings', async () => {
    await start();
    const cluster = sim.fleet.clusters.find((c) => c.extensions.some((e) => e.configurationProtectedSettings))!;
    const [sub, rg, rp, rt, name] = parts(cluster.id);
    const kc = client(sim, sub);
    const listed = [];
    for await (const e of kc.extensions.list(rg, rp, rt, name)) listed.push(e);
    expect(listed.map((e) => e.name).sort()).toEqual(cluster.extensions.map((e) => e.name).sort());
    const secretHolder = cluster.extensions.find((e) => e.configurationProtectedSettings)!;
    const got = await kc.extensions.get(rg, rp, rt, name, secretHolder.name);
    expect(got.currentVersion).toBe(secretHolder.currentVersion);
    expect(got.extensionType).toBe(secretHolder.extensionType);
    expect(JSON.stringify(got)).not.toContain(Object.values(secretHolder.configurationProtectedSettings!)[0]);
    expect(sim.counters().calls['extensions.list']).toBe(1);
    expect(sim.counters().calls['extensions.get']).toBe(1);
  });

  test('PATCH runs a long-running operation that sets version and currentVersion', async () => {
    await start({ lroSteps: 3 });
    const { cluster, ext, stable } = pinned(sim);
    const [sub, rg, rp, rt, name] = parts(cluster.id);
    const target = stable.at(-1)!;
    const from = ext.currentVersion;
    const result = await client(sim, sub).extensions.beginUpdateAndWait(rg, rp, rt, name, ext.name, { autoUpgradeMinorVersion: false, version: target }, { updateIntervalInMs: 20 });
    expect(result.currentVersion).toBe(target);
    expect(result.provisioningState).toBe('Succeeded');
    const counters = sim.counters();
    expect(counters.calls['lro.poll']).toBe(3);
    expect(counters.writesApplied).toEqual([{ clusterId: cluster.id, extensionName: ext.name, from, to: target }]);
    expect(counters.writeBodies).toEqual([{ method: 'PATCH', clusterId: cluster.id, extensionName: ext.name, properties: ['autoUpgradeMinorVersion', 'version'] }]);
  });

  test('the extension shows Updating while the operation runs, and a second write gets 409', async () => {
    await start();
    sim.faults.neverFinish();
    const { cluster, ext, stable } = pinned(sim);
    const [sub, rg, rp, rt, name] = parts(cluster.id);
    const kc = client(sim, sub, 0);
    const poller = await kc.extensions.beginUpdate(rg, rp, rt, name, ext.name, { autoUpgradeMinorVersion: false, version: stable.at(-1)! }, { updateIntervalInMs: 20 });
    await poller.poll();
    await poller.poll();
    expect(poller.isDone()).toBe(false);
    expect((await kc.extensions.get(rg, rp, rt, name, ext.name)).provisioningState).toBe('Updating');
    const second = kc.extensions.beginUpdateAndWait(rg, rp, rt, name, ext.name, { autoUpgradeMinorVersion: false, version: stable.at(-1)! }, { updateIntervalInMs: 20 });
    await expect(second).rejects.toMatchObject({ statusCode: 409, code: 'OperationNotAllowed' });
    expect(sim.counters().writesApplied).toEqual([]);
  });

  test('setExtension to Updating makes writes answer 409', async () => {
    await start();
    const { cluster, ext, stable } = pinned(sim);
    const [sub, rg, rp, rt, name] = parts(cluster.id);
    sim.setExtension(cluster.id, ext.name, { provisioningState: 'Updating' });
    const err = await client(sim, sub, 0).extensions.beginUpdateAndWait(rg, rp, rt, name, ext.name, { autoUpgradeMinorVersion: false, version: stable.at(-1)! }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RestError);
    expect((err as RestError).statusCode).toBe(409);
  });

  test('failVersion ends the operation Failed and leaves the versions unchanged', async () => {
    await start();
    const { cluster, ext, stable } = pinned(sim);
    const [sub, rg, rp, rt, name] = parts(cluster.id);
    const from = ext.currentVersion;
    sim.faults.failVersion({ extensionType: ext.extensionType, version: stable.at(-1)!, onKubernetes: '>=1.0.0' });
    const kc = client(sim, sub);
    const err = await kc.extensions.beginUpdateAndWait(rg, rp, rt, name, ext.name, { autoUpgradeMinorVersion: false, version: stable.at(-1)! }, { updateIntervalInMs: 20 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toContain('HelmUpgradeFailed');
    const after = await kc.extensions.get(rg, rp, rt, name, ext.name);
    expect(after.provisioningState).toBe('Failed');
    expect(after.errorInfo?.code).toBe('HelmUpgradeFailed');
    expect(after.currentVersion).toBe(from);
    expect(after.version).toBe(from);
    expect(after.statuses?.[0]?.level).toBe('Error');
    expect(sim.counters().writesApplied).toEqual([]);
  });

  test('a version the cluster Kubernetes does not support fails the operation', async () => {
    await start();
    const { cluster, ext, stable } = pinned(sim);
    const [sub, rg, rp, rt, name] = parts(cluster.id);
    sim.upgradeKubernetes(cluster.id, '1.31.2');
    const err = await client(sim, sub).extensions.beginUpdateAndWait(rg, rp, rt, name, ext.name, { autoUpgradeMinorVersion: false, version: stable[0]! }, { updateIntervalInMs: 20 }).catch((e: unknown) => e);
    expect((err as Error).message).toContain('KubernetesVersionNotSupported');
  });

  test('the per-subscription write bucket answers 429 with Retry-After when empty', async () => {
    await start({ writeBucket: { burst: 1, refillPerSecond: 0.01 } });
    const { cluster, ext, stable } = pinned(sim);
    const [sub, rg, rp, rt, name] = parts(cluster.id);
    const kc = client(sim, sub, 0);
    await kc.extensions.beginUpdateAndWait(rg, rp, rt, name, ext.name, { autoUpgradeMinorVersion: false, version: stable.at(-1)! }, { updateIntervalInMs: 20 });
    const err = await kc.extensions.beginUpdateAndWait(rg, rp, rt, name, ext.name, { autoUpgradeMinorVersion: false, version: stable.at(-2)! }, { updateIntervalInMs: 20 }).catch((e: unknown) => e);
    expect(err).toMatchObject({ statusCode: 429 });
    expect(Number((err as RestError).response?.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(sim.counters().throttled).toBe(1);
  });

  test('server errors and a throttle storm are retried by the SDK pipeline', async () => {
    await start();
    const { cluster, ext } = pinned(sim);
    const [sub, rg, rp, rt, name] = parts(cluster.id);
    sim.faults.serverErrors({ count: 2, kinds: ['extensions.get'] });
    sim.faults.throttleStorm({ count: 1, retryAfterMs: 20 });
    const got = await client(sim, sub, 5).extensions.get(rg, rp, rt, name, ext.name);
    expect(got.name).toBe(ext.name);
    expect(sim.counters().calls['extensions.get']).toBe(4);
    expect(sim.counters().throttled).toBe(1);
  });

  test('PATCH may carry only the patchable properties; version needs autoUpgradeMinorVersion false', async () => {
    await start();
    const { cluster, ext } = pinned(sim);
    const path = `${cluster.id}/providers/Microsoft.KubernetesConfiguration/extensions/${ext.name}?api-version=2025-03-01`;
    const bad = await raw(sim, 'PATCH', path, { properties: { extensionType: 'microsoft.other', version: ext.currentVersion } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('properties.extensionType');
    const auto = await raw(sim, 'PATCH', path, { properties: { autoUpgradeMinorVersion: true, version: ext.currentVersion } });
    expect(auto.status).toBe(400);
    expect((await raw(sim, 'GET', path.replace('?', '-missing?'))).status).toBe(404);
    expect((await raw(sim, 'GET', path.replace('?api-version=2025-03-01', ''))).body.error.code).toBe('MissingApiVersionParameter');
  });

  test('GET of a cluster answers its Kubernetes version, ids case-insensitive', async () => {
    await start();
    const aks = sim.fleet.clusters.find((c) => /managedClusters/.test(c.id))!;
    const arc = sim.fleet.clusters.find((c) => /connectedClusters/.test(c.id))!;
    sim.upgradeKubernetes(aks.id, '1.31.3');
    const a = await raw(sim, 'GET', `${aks.id.toUpperCase().replace('/SUBSCRIPTIONS/', '/subscriptions/')}?api-version=2024-09-01`);
    expect(a.status).toBe(200);
    expect(a.body.properties).toMatchObject({ currentKubernetesVersion: '1.31.3', kubernetesVersion: '1.31' });
    expect(a.body.tags).toEqual(aks.tags);
    const b = await raw(sim, 'GET', `${arc.id}?api-version=2024-01-01`);
    expect(b.body.properties.kubernetesVersion).toBe(arc.kubernetesVersion);
    expect((await raw(sim, 'GET', `${aks.id}x?api-version=2024-09-01`)).status).toBe(404);
    expect(sim.counters().calls['clusters.get']).toBe(3);
  });
});
