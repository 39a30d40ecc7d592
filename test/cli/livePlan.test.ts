import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateFleet } from '../../simulator/fleetGenerator';
import { startFleetSimulator } from '../../simulator/fleetSimulator';
import type { FleetSimulator } from '../../simulator/types';
import { main } from '../../src/cli/main';
import { runCli } from './cliHarness';

describe('plan command: live mode against the simulator', () => {
  let sim: FleetSimulator;
  const dir = mkdtempSync(join(tmpdir(), 'live-plan-'));
  const ca = join(dir, 'ca.pem');
  beforeAll(async () => {
    sim = await startFleetSimulator({ fleet: generateFleet({ clusters: 60, subscriptions: 3, seed: 11 }) });
    writeFileSync(ca, sim.ca);
  });
  afterAll(() => sim.close());

  const subscriptions = (): string[] => [...new Set(sim.fleet.clusters.map((c) => c.id.split('/')[2]!))];

  it('equals file mode on the snapshot and catalog it saved', async () => {
    const snapshotFile = join(dir, 'snapshot.json');
    const catalogFile = join(dir, 'catalog.json');
    const now = ['--now', '2026-01-01T00:00:00Z', '--output', 'json'];
    const live = await runCli(['plan', '--subscription', subscriptions().join(','), '--endpoint', sim.endpoint, '--ca', ca, '--save-snapshot', snapshotFile, '--save-catalog', catalogFile, ...now]);
    expect(live.stderr).toBe('');
    expect(live.code).toBe(0);
    const file = await runCli(['plan', '--snapshot', snapshotFile, '--catalog', catalogFile, ...now]);
    expect(file.code).toBe(0);
    expect(JSON.parse(file.stdout)).toEqual(JSON.parse(live.stdout));
    const doc = JSON.parse(live.stdout);
    expect(doc.summary.clusters).toBe(60);
    expect(doc.summary.extensions).toBe(sim.fleet.clusters.reduce((n, c) => n + c.extensions.length, 0));
    expect(JSON.parse(readFileSync(snapshotFile, 'utf8')).clusters).toHaveLength(60);
    expect(doc.summary.byAction.upgrade).toBeGreaterThan(0);
  });

  it('reads only: live plan writes nothing to the fleet', async () => {
    sim.resetCounters();
    await runCli(['plan', '--subscription', subscriptions()[0]!, '--endpoint', sim.endpoint, '--ca', ca, '--output', 'json']);
    const calls = sim.counters().calls;
    expect(Object.keys(calls).filter((k) => /put|patch|delete/i.test(k) && (calls[k] ?? 0) > 0)).toEqual([]);
    expect(sim.counters().writesApplied).toEqual([]);
  });

  it('shows discovery progress on stderr when stderr is a terminal, and keeps stdout the plan', async () => {
    let stdout = '';
    let stderr = '';
    const code = await main(['plan', '--subscription', subscriptions().join(','), '--endpoint', sim.endpoint, '--ca', ca, '--output', 'json'], { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), interactive: true });
    expect(code).toBe(0);
    expect(stderr).toMatch(/discovering: \d+ rows, \d+ pages/);
    expect(JSON.parse(stdout).summary.clusters).toBe(60);
  });

  it('an unknown management group discovers nothing and exits 0 with an empty plan', async () => {
    const run = await runCli(['plan', '--management-group', 'no-such-group', '--endpoint', sim.endpoint, '--ca', ca, '--output', 'json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).summary.clusters).toBe(0);
  });
});
