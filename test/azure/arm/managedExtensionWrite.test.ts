import { armConnection } from '../../../src/azure/arm/armConnection';
import { ArmExtensionWriter } from '../../../src/azure/arm/armExtensionWriter';
import { generateFleet } from '../../../simulator/fleetGenerator';
import { startFleetSimulator } from '../../../simulator/fleetSimulator';
import { simExtensionFromExample } from '../../../simulator/specExamples';
import type { FleetSimulator } from '../../../simulator/types';

describe('ArmExtensionWriter never patches a managed extension (defence in depth)', () => {
  let sim: FleetSimulator;
  beforeEach(async () => {
    sim = await startFleetSimulator({ fleet: generateFleet({ clusters: 4, subscriptions: 1, seed: 5 }) });
  });
  afterEach(async () => sim.close());

  it.each(['GetExtensionWithManagedBy.json', 'GetExtensionWithManagementDetails.json'])('refuses the spec example %s without sending a write', async (file) => {
    const cluster = sim.fleet.clusters[0]!;
    const ext = simExtensionFromExample(`2025-03-01/${file}`);
    cluster.extensions.push(ext);
    const writer = new ArmExtensionWriter({ ...armConnection({ endpoint: sim.endpoint, credential: sim.credential }), ca: sim.ca }, { pollIntervalMs: 20 });

    const outcome = await writer.applyHop({ clusterId: cluster.id, extensionName: ext.name, version: '0.1.5' });

    expect(outcome).toMatchObject({ kind: 'failed', errorCode: 'ManagedExtension' });
    expect(sim.counters().writeBodies).toEqual([]);
    expect(sim.counters().calls['extensions.get']).toBe(1); // it did look: the refusal comes from what ARM says
    expect(ext.currentVersion).toBe('0.1.4');
  });
});
