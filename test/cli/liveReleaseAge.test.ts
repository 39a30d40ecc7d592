/** Issue 24: `plan` in live mode dates live versions by the app's ReleaseSightings table when given its storage, else says the age rule is not applied. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTableStores } from '../../src/azure/tables/tableStores';
import { generateFleet } from '../../simulator/fleetGenerator';
import { startFleetSimulator } from '../../simulator/fleetSimulator';
import type { FleetSimulator } from '../../simulator/types';
import { startAzurite, type AzuriteTables } from '../../simulator/world/azurite';
import { runCli } from './cliHarness';

describe('plan (live): release age from the app\'s first sightings', () => {
  let sim: FleetSimulator;
  let azurite: AzuriteTables;
  const dir = mkdtempSync(join(tmpdir(), 'live-age-'));
  const ca = join(dir, 'ca.pem');
  const policy = join(dir, 'policy.json');
  const NOW = '2026-06-20T00:00:00Z';
  beforeAll(async () => {
    [sim, azurite] = await Promise.all([startFleetSimulator({ fleet: generateFleet({ clusters: 12, subscriptions: 1, seed: 4 }) }), startAzurite()]);
    writeFileSync(ca, sim.ca);
    writeFileSync(policy, JSON.stringify({ minReleaseAgeDays: 7 }));
  });
  afterAll(async () => {
    await Promise.all([sim.close(), azurite.stop()]);
  });
  const live = (...extra: string[]) => runCli(['plan', '--subscription', sim.fleet.clusters[0]!.id.split('/')[2]!, '--endpoint', sim.endpoint, '--ca', ca, '--now', NOW, '--output', 'json', ...extra]);
  const upgrades = (stdout: string): number => (JSON.parse(stdout) as { summary: { byAction: { upgrade?: number } } }).summary.byAction.upgrade ?? 0;

  it('without the app\'s storage: says minReleaseAgeDays is not applied to live versions, and plans as if it were 0', async () => {
    const [aged, none] = [await live('--policy', policy), await live()];
    expect(aged.code).toBe(0);
    expect(aged.stderr).toContain('minReleaseAgeDays (7) is not applied to live versions');
    expect(none.stderr).toBe('');
    expect(upgrades(aged.stdout)).toBe(upgrades(none.stdout));
    expect(upgrades(none.stdout)).toBeGreaterThan(0);
  });

  it('with an empty table: every live version counts as first seen now (young), and the CLI records nothing', async () => {
    const run = await live('--policy', policy, '--sightings-connection-string', azurite.connectionString);
    expect(run.stderr).toBe('');
    expect(upgrades(run.stdout)).toBe(0);
    const types = Object.keys(sim.fleet.extensionTypes);
    expect((await createTableStores({ connectionString: azurite.connectionString }).sightings.read(types)).size).toBe(0);
  });

  it('with every version first seen 30 days before: the age rule passes them all', async () => {
    const saved = join(dir, 'catalog.json');
    await live('--save-catalog', saved);
    const catalog = JSON.parse(await import('node:fs').then((fs) => fs.readFileSync(saved, 'utf8'))) as { extensionTypes: Record<string, { versions: { version: string; regions?: string[] }[] }> };
    const old = new Date(Date.parse(NOW) - 30 * 86_400_000).toISOString();
    const rows = Object.entries(catalog.extensionTypes).flatMap(([extensionType, { versions }]) => versions.flatMap((v) => (v.regions ?? []).map((region) => ({ extensionType, version: v.version, region, firstSeen: old }))));
    await createTableStores({ connectionString: azurite.connectionString }).sightings.record(rows);
    const [aged, none] = [await live('--policy', policy, '--sightings-connection-string', azurite.connectionString), await live()];
    expect(upgrades(aged.stdout)).toBe(upgrades(none.stdout));
  });

  it('a storage option in file mode, or both at once, is a user error naming the option', async () => {
    const file = await runCli(['plan', '--snapshot', 'x.json', '--catalog', 'y.json', '--sightings-connection-string', 'UseDevelopmentStorage=true']);
    expect(file).toMatchObject({ code: 2, stderr: expect.stringContaining('--sightings-connection-string') });
    const both = await live('--sightings-connection-string', 'UseDevelopmentStorage=true', '--sightings-endpoint', 'https://a.table.core.windows.net');
    expect(both).toMatchObject({ code: 2, stderr: expect.stringContaining('--sightings-endpoint') });
  });
});
