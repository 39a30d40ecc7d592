/** The alerts query against the simulator (real Resource Graph SDK over HTTPS), and its text round trip. */
import { armConnection } from '../../../src/azure/arm/armConnection';
import { alertFromRow, alertsQuery, parseAlertsQuery } from '../../../src/azure/resourceGraph/alertQuery';
import { ResourceGraphInventory } from '../../../src/azure/resourceGraph/resourceGraphInventory';
import { generateFleet } from '../../../simulator/fleetGenerator';
import { startFleetSimulator } from '../../../simulator/fleetSimulator';
import type { FleetSimulator } from '../../../simulator/types';

describe('alerts query text', () => {
  it('names the table, the time and the clusters (lower-cased, quotes escaped), and parses back', () => {
    const ids = ['/subscriptions/S/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/A', "/subscriptions/s/x/it's"];
    const q = alertsQuery(ids, '2026-06-01T10:00:00Z');
    expect(q).toMatch(/^alertsmanagementresources\n\| where type =~ 'microsoft.alertsmanagement\/alerts'/);
    expect(q).toContain('>= datetime(2026-06-01T10:00:00.000Z)');
    expect(parseAlertsQuery(q)).toEqual({ since: '2026-06-01T10:00:00.000Z', clusterIds: ids.map((i) => i.toLowerCase()) });
    expect(parseAlertsQuery('resources | take 1')).toBeUndefined();
  });

  it('a row missing a field is refused, naming it', () => {
    expect(alertFromRow({ alertId: 'a', name: 'n', severity: 'Sev1', monitorCondition: 'Fired', alertState: 'New', startDateTime: '2026-01-01T00:00:00Z' })).toEqual({ ok: false, problem: 'targetResource: Invalid input: expected string, received undefined' });
  });
});

describe('ResourceGraphInventory.alertsSince against the simulator', () => {
  let sim: FleetSimulator;
  afterEach(async () => {
    await sim?.close();
  });

  it('returns the alerts on the asked clusters since the time, in chunks of 200 clusters, paged with $skipToken; nothing else', async () => {
    sim = await startFleetSimulator({ fleet: generateFleet({ clusters: 450, subscriptions: 3, seed: 5 }), quota: { queries: 1000, windowMs: 5000 } });
    const clusters = sim.fleet.clusters.map((c) => c.id);
    const since = '2026-06-01T10:00:00Z';
    const wanted = [clusters[0]!, clusters[250]!, clusters[449]!];
    sim.faults.fireAlert({ name: 'old', severity: 'Sev0', targetResource: wanted[0]!, startDateTime: '2026-06-01T09:59:59Z' });
    for (const [i, target] of wanted.entries()) sim.faults.fireAlert({ name: `fresh-${i}`, severity: 'Sev1', targetResource: target.toUpperCase(), startDateTime: `2026-06-01T10:0${i}:00Z` });
    sim.faults.fireAlert({ name: 'other-cluster', severity: 'Sev0', targetResource: clusters[1]!, startDateTime: '2026-06-01T11:00:00Z' });
    const warnings: string[] = [];
    const inventory = new ResourceGraphInventory({ ...armConnection({ endpoint: sim.endpoint, credential: sim.credential }), ca: sim.ca }, { pageSize: 1, onWarning: (w) => warnings.push(w) });
    sim.resetCounters();

    const alerts = await inventory.alertsSince([...clusters.slice(2, 449), wanted[0]!, clusters[449]!], since);

    expect(alerts.map((a) => a.name).sort()).toEqual(['fresh-0', 'fresh-1', 'fresh-2']);
    expect(alerts.find((a) => a.name === 'fresh-1')).toMatchObject({ severity: 'Sev1', monitorCondition: 'Fired', alertState: 'New', targetResource: wanted[1]!.toUpperCase(), startDateTime: '2026-06-01T10:01:00Z' });
    expect(alerts[0]!.id).toMatch(/^\/subscriptions\/[^/]+\/providers\/Microsoft\.AlertsManagement\/alerts\//);
    // 449 clusters → 3 chunks (200, 200, 49) holding 0, 1 and 2 fresh alerts; pages of 1 row → 1 + 1 + 2 queries
    expect(sim.counters().calls.resourceGraph).toBe(4);
    expect(warnings).toEqual([]);
  });
});
