import { armConnection } from '../../../src/azure/arm/armConnection';
import { ArmExtensionWriter, type ArmExtensionWriterOptions } from '../../../src/azure/arm/armExtensionWriter';
import { isInputError } from '../../../src/domain/inputError';
import { generateFleet } from '../../../simulator/fleetGenerator';
import { startFleetSimulator } from '../../../simulator/fleetSimulator';
import type { FleetSimulator, FleetSimulatorOptions } from '../../../simulator/types';
import { acceptedHops, type AcceptedHop } from '../../../simulator/acceptedHops';

/** A pinned, healthy AKS extension and a different stable version the simulator accepts on its cluster. */
function pickHop(sim: FleetSimulator, skip = 0): AcceptedHop {
  const hop = acceptedHops(sim)[skip];
  if (!hop) throw new Error('no hop candidate in the generated fleet');
  return hop;
}

describe('ArmExtensionWriter against the simulator', () => {
  let sim: FleetSimulator;
  const start = async (options: FleetSimulatorOptions = {}) => {
    sim = await startFleetSimulator({ fleet: generateFleet({ clusters: 30, subscriptions: 2, seed: 12 }), ...options });
  };
  const writer = (options: ArmExtensionWriterOptions = {}) =>
    new ArmExtensionWriter({ ...armConnection({ endpoint: sim.endpoint, credential: sim.credential }), ca: sim.ca }, { pollIntervalMs: 20, retryDelayMs: 10, ...options });
  afterEach(async () => {
    await sim?.close();
  });

  it('applies a hop through the LRO and reads the installed version back; the PATCH carries only version, autoUpgradeMinorVersion and autoUpgradeMode', async () => {
    await start({ lroSteps: 2 });
    const hop = pickHop(sim);

    const outcome = await writer().applyHop(hop);

    expect(outcome).toEqual({ kind: 'succeeded', installedVersion: hop.version });
    const counters = sim.counters();
    expect(counters.writesApplied).toEqual([{ clusterId: hop.clusterId, extensionName: hop.extensionName, from: hop.from, to: hop.version }]);
    expect(counters.writeBodies).toHaveLength(1);
    expect(counters.writeBodies[0]!.method).toBe('PATCH');
    expect([...counters.writeBodies[0]!.properties].sort()).toEqual(['autoUpgradeMinorVersion', 'autoUpgradeMode', 'version']);
    expect(counters.calls['lro.poll']).toBeGreaterThanOrEqual(2);
  });

  it('reports a failed operation with the ARM error code and message', async () => {
    await start();
    const hop = pickHop(sim);
    sim.faults.failVersion({ extensionType: hop.extensionType, version: hop.version });

    const outcome = await writer().applyHop(hop);

    expect(outcome).toMatchObject({ kind: 'failed', errorCode: 'HelmUpgradeFailed' });
    expect(outcome.kind === 'failed' && outcome.message).toContain('helm upgrade');
    expect(sim.counters().writesApplied).toEqual([]);
  });

  it('reports a conflict while another operation runs on the extension', async () => {
    await start();
    const hop = pickHop(sim);
    sim.setExtension(hop.clusterId, hop.extensionName, { provisioningState: 'Updating' });

    const outcome = await writer().applyHop(hop);

    expect(outcome.kind).toBe('conflict');
    expect(sim.counters().writesApplied).toEqual([]);
  });

  it('retries 429 within the budget and reports throttled beyond it', async () => {
    await start();
    const hop = pickHop(sim);
    sim.faults.throttleStorm({ count: 2, retryAfterMs: 10 });
    expect(await writer({ maxRetries: 2 }).applyHop(hop)).toEqual({ kind: 'succeeded', installedVersion: hop.version });

    const next = pickHop(sim, 1);
    sim.faults.throttleStorm({ count: 3, retryAfterMs: 10 });
    const outcome = await writer({ maxRetries: 2 }).applyHop(next);

    expect(outcome.kind).toBe('throttled');
    expect(sim.counters().throttled).toBe(5);
  });

  it('reports throttled when the subscription write bucket is empty and retries are off', async () => {
    await start({ writeBucket: { burst: 1, refillPerSecond: 0.01 } });
    const [a, b] = [pickHop(sim, 0), pickHop(sim, 1)];
    expect(a.clusterId.split('/')[2]).toBe(b.clusterId.split('/')[2]);

    expect((await writer({ maxRetries: 0 }).applyHop(a)).kind).toBe('succeeded');
    expect((await writer({ maxRetries: 0 }).applyHop(b)).kind).toBe('throttled');
  });

  it('times out an operation that never finishes', async () => {
    await start();
    const hop = pickHop(sim);
    sim.faults.neverFinish();

    const outcome = await writer({ timeoutMs: 300 }).applyHop(hop);

    expect(outcome.kind).toBe('timed-out');
    expect(sim.counters().calls['lro.poll']).toBeGreaterThan(0);
  });

  it('retries 5xx and throws once the retries are spent (the caller retries)', async () => {
    await start();
    const hop = pickHop(sim);
    sim.faults.serverErrors({ count: 1, kinds: ['extensions.patch'], status: 503 });
    expect((await writer({ maxRetries: 1 }).applyHop(hop)).kind).toBe('succeeded');

    const next = pickHop(sim, 1);
    sim.faults.serverErrors({ count: 5, kinds: ['extensions.patch'], status: 500 });
    await expect(writer({ maxRetries: 1 }).applyHop(next)).rejects.toMatchObject({ statusCode: 500 });
  });

  it('reads an extension from its raw body, null when missing', async () => {
    await start();
    const cluster = sim.fleet.clusters.find((c) => c.extensions.length > 1)!;
    const [pinned, auto] = cluster.extensions;
    sim.setExtension(cluster.id, pinned!.name, { autoUpgradeMinorVersion: false, currentVersion: '1.2.3', version: '1.2.3' });
    sim.setExtension(cluster.id, auto!.name, { autoUpgradeMinorVersion: true, version: undefined, provisioningState: 'Failed', releaseTrain: 'Preview' });
    const w = writer();

    expect(await w.readExtension(cluster.id, pinned!.name)).toMatchObject({ name: pinned!.name, version: '1.2.3', autoUpgradeMinorVersion: false });
    expect(await w.readExtension(cluster.id, auto!.name)).toEqual({
      name: auto!.name,
      extensionType: auto!.extensionType,
      version: auto!.currentVersion,
      autoUpgradeMinorVersion: true,
      releaseTrain: 'Preview',
      provisioningState: 'Failed',
      isSystemExtension: auto!.isSystemExtension,
      health: { statuses: [{ code: 'InstallationFailed', level: 'Error', message: 'helm upgrade failed' }], errorInfo: { code: 'ExtensionOperationFailed', message: 'helm upgrade failed' } },
    });
    expect(await w.readExtension(cluster.id, 'no-such-extension')).toBeNull();
  });

  it('refuses a malformed cluster id with an InputError', async () => {
    await start();
    const error: unknown = await writer()
      .applyHop({ clusterId: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/sites/x', extensionName: 'flux', version: '1.0.0' })
      .catch((e: unknown) => e);
    expect(isInputError(error)).toBe(true);
    expect(sim.counters().calls['extensions.patch']).toBeUndefined();
  });
});
