/** ArmExtensionWriter reads an extension's statuses, extensionState and errorInfo from the raw ARM body (simulator). */
import { armConnection } from '../../../src/azure/arm/armConnection';
import { ArmExtensionWriter } from '../../../src/azure/arm/armExtensionWriter';
import { generateFleet } from '../../../simulator/fleetGenerator';
import { startFleetSimulator } from '../../../simulator/fleetSimulator';
import type { FleetSimulator } from '../../../simulator/types';

describe('extension health on read', () => {
  let sim: FleetSimulator;
  afterEach(async () => {
    await sim?.close();
  });

  it('carries statuses, extensionState and errorInfo as ARM serves them; none when healthy', async () => {
    sim = await startFleetSimulator({ fleet: generateFleet({ clusters: 4, subscriptions: 1, seed: 3, extensionsPerCluster: [2, 2] }) });
    const writer = new ArmExtensionWriter({ ...armConnection({ endpoint: sim.endpoint, credential: sim.credential }), ca: sim.ca });
    const cluster = sim.fleet.clusters[0]!;
    const [sick, well] = cluster.extensions;
    sim.setExtension(cluster.id, sick!.name, {
      provisioningState: 'Failed',
      errorCode: 'HelmUpgradeFailed',
      errorMessage: 'timed out',
      extensionState: 'Failed',
      statuses: [{ code: 'PodsCrashLooping', level: 'Error', message: 'source-controller restarts' }],
    });

    const read = await writer.readExtension(cluster.id, sick!.name);
    expect(read?.health).toEqual({
      statuses: [{ code: 'PodsCrashLooping', level: 'Error', message: 'source-controller restarts' }],
      extensionState: 'Failed',
      errorInfo: { code: 'HelmUpgradeFailed', message: 'timed out' },
    });
    expect((await writer.readExtension(cluster.id, well!.name))?.health).toEqual({ statuses: [] });
  });
});
