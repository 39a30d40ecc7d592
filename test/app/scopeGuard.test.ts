import type { FleetInventory } from '../../src/domain/ports';
import { clusterInScope } from '../../src/app/scopeGuard';

const SUB_A = 'aaaaaaaa-0000-0000-0000-000000000001';
const SUB_B = 'bbbbbbbb-0000-0000-0000-000000000002';
const id = (sub: string) => `/subscriptions/${sub}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/c`;

function inventory(groups: Record<string, string[]>): FleetInventory & { lookups: number; fail: boolean } {
  const inv = {
    lookups: 0,
    fail: false,
    discover: () => Promise.reject(new Error('not used')),
    alertsSince: () => Promise.reject(new Error('not used')),
    subscriptionsIn(names: string[]): Promise<string[]> {
      inv.lookups++;
      if (inv.fail) return Promise.reject(new Error('Resource Graph unavailable'));
      return Promise.resolve(names.flatMap((n) => groups[n] ?? []));
    },
  };
  return inv;
}

describe('clusterInScope', () => {
  it('accepts a listed subscription without any lookup, case-insensitively', async () => {
    const inv = inventory({});
    expect(await clusterInScope(id(SUB_A.toUpperCase()), { subscriptions: [SUB_A], managementGroups: [] }, inv)).toBe(true);
    expect(await clusterInScope(id(SUB_B), { subscriptions: [SUB_A], managementGroups: [] }, inv)).toBe(false);
    expect(inv.lookups).toBe(0);
  });

  it('refuses ids without a subscription', async () => {
    expect(await clusterInScope('not-an-arm-id', { subscriptions: [SUB_A], managementGroups: ['mg'] }, inventory({ mg: [SUB_A] }))).toBe(false);
  });

  it('resolves management groups once per ten minutes and decides by membership', async () => {
    const inv = inventory({ mg: [SUB_A] });
    const scope = { subscriptions: [], managementGroups: ['mg'] };
    expect(await clusterInScope(id(SUB_A), scope, inv, 0)).toBe(true);
    expect(await clusterInScope(id(SUB_B), scope, inv, 60_000)).toBe(false);
    expect(inv.lookups).toBe(1);
    expect(await clusterInScope(id(SUB_A), scope, inv, 11 * 60_000)).toBe(true);
    expect(inv.lookups).toBe(2);
  });

  it('a failed lookup propagates and is not remembered', async () => {
    const inv = inventory({ mg: [SUB_A] });
    inv.fail = true;
    await expect(clusterInScope(id(SUB_A), { subscriptions: [], managementGroups: ['mg'] }, inv, 0)).rejects.toThrow(/unavailable/);
    inv.fail = false;
    expect(await clusterInScope(id(SUB_A), { subscriptions: [], managementGroups: ['mg'] }, inv, 1)).toBe(true);
  });
});
