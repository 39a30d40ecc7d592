/** Issue 20 "Done when": the demo fleet's real-fleet cases, discovered and planned over the simulator, decide as the rules say. */
import { addRealFleetCases, printRealFleetCases } from '../../demo/realFleetCases';
import { defaultPolicy } from '../../src/domain/policySchema';
import { generateFleet } from '../../simulator/fleetGenerator';
import { startFleetSimulator } from '../../simulator/fleetSimulator';
import type { FleetSimulator } from '../../simulator/types';

describe('demo real-fleet cases', () => {
  let sim: FleetSimulator;
  let lines: string[];
  beforeAll(async () => {
    const fleet = generateFleet({ clusters: 50, subscriptions: 3, seed: 2024, extensionsPerCluster: [2, 4] });
    const ids = addRealFleetCases(fleet);
    sim = await startFleetSimulator({ fleet });
    lines = [];
    await printRealFleetCases(sim, ids, { ...defaultPolicy(), stepMinors: true }, (l) => void lines.push(l));
  });
  afterAll(async () => sim.close());

  /** The extension lines under the cluster line starting with `name`. */
  const block = (name: string): string[] => {
    const start = lines.findIndex((l) => l.startsWith(`${name} (`));
    expect(start).toBeGreaterThanOrEqual(0);
    const end = lines.findIndex((l, i) => i > start && !l.startsWith('  '));
    return lines.slice(start + 1, end === -1 ? undefined : end);
  };

  it('k3s and EKS-style suffixed versions are read as X.Y.Z: no invalid-kubernetes-version, the cluster\'s own text shown', () => {
    expect(lines.find((l) => l.startsWith('arc-k3s ('))).toMatch(/Kubernetes v\d+\.\d+\.\d+\+k3s1/);
    expect(lines.find((l) => l.startsWith('arc-eks ('))).toMatch(/Kubernetes \d+\.\d+\.\d+-eks-a1b2c3d/);
    for (const name of ['arc-k3s', 'arc-eks']) {
      expect(block(name).length).toBeGreaterThan(0);
      expect(block(name).join('\n')).not.toContain('invalid-kubernetes-version');
    }
  });

  it('AKS on Azure Local is held back by its provisionedCluster limit where its plain-Arc twin moves', () => {
    const local = block('azlocal-01');
    const twin = block('azlocal-twin');
    const moving = twin.filter((l) => / → upgrade patch-available /.test(l)).map((l) => l.trim().split(/\s+/)[0]);
    const heldBack = local.filter((l) => moving.includes(l.trim().split(/\s+/)[0]) && !/ → upgrade /.test(l));
    expect(heldBack).toHaveLength(1);
    expect(lines.find((l) => l.startsWith('azlocal-01 ('))).toContain('kind ProvisionedCluster');
  });

  it('a pinned extension reporting autoUpgradeMode "compatible" moves', () => {
    expect(lines.some((l) => /autoUpgradeMode=compatible → upgrade patch-available /.test(l))).toBe(true);
  });
});
