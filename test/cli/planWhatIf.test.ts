/** `plan --kubernetes-version <X.Y[.Z] | +1>`: the what-if of a Kubernetes upgrade (issue 20 item 5), file and live mode, every output. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateFleet } from '../../simulator/fleetGenerator';
import { startFleetSimulator } from '../../simulator/fleetSimulator';
import type { FleetSimulator } from '../../simulator/types';
import { runCli } from './cliHarness';

const AKS = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks-1';
const dir = mkdtempSync(join(tmpdir(), 'what-if-'));
const snapshot = join(dir, 'snapshot.json');
const catalog = join(dir, 'catalog.json');
writeFileSync(snapshot, JSON.stringify({ clusters: [{ id: AKS, kubernetesVersion: '1.29.4', extensions: [
  { name: 'flux', extensionType: 'microsoft.flux', version: '1.8.2' },
  { name: 'dapr', extensionType: 'microsoft.dapr', version: '1.0.0' },
] }] }));
// flux: a patch now, 1.9 from Kubernetes 1.29 on, 1.10 from 1.31 on; dapr: its only version cannot run Kubernetes 1.30+
writeFileSync(catalog, JSON.stringify({ extensionTypes: {
  'microsoft.flux': { versions: [{ version: '1.8.2', releaseTrain: 'stable' }, { version: '1.8.5', releaseTrain: 'stable' }, { version: '1.9.1', releaseTrain: 'stable', kubernetes: '>=1.29.0' }, { version: '1.10.0', releaseTrain: 'stable', kubernetes: '>=1.31.0' }] },
  'microsoft.dapr': { versions: [{ version: '1.0.0', releaseTrain: 'stable', kubernetes: '<1.30.0' }] },
} }));
const files = ['plan', '--snapshot', snapshot, '--catalog', catalog, '--now', '2026-01-01T00:00:00Z'];

async function jsonPlan(...extra: string[]) {
  const run = await runCli([...files, '--output', 'json', ...extra]);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as { decisions: { extensionName: string; action: string; code: string; to: string | null }[]; summary: Record<string, unknown> };
}
const byName = (doc: Awaited<ReturnType<typeof jsonPlan>>) => Object.fromEntries(doc.decisions.map((d) => [d.extensionName, [d.action, d.code, d.to]]));

describe('plan --kubernetes-version: file mode', () => {
  it('without it, the fleet as it is; the summary names no assumed version', async () => {
    const doc = await jsonPlan();
    expect(byName(doc)).toEqual({ dapr: ['none', 'up-to-date', null], flux: ['upgrade', 'patch-available', '1.8.5'] });
    expect(doc.summary).not.toHaveProperty('assumedKubernetesVersion');
  });

  it('+1: each cluster on its next minor (1.30.0): flux opens 1.9, dapr is what would stop the upgrade', async () => {
    const doc = await jsonPlan('--kubernetes-version', '+1');
    expect(byName(doc)).toEqual({ dapr: ['blocked', 'incompatible-no-allowed-version', null], flux: ['upgrade', 'kubernetes-minor-upgraded', '1.9.1'] });
    expect(doc.summary.assumedKubernetesVersion).toBe('+1');
  });

  it.each([['1.31', '1.31.0'], ['v1.31.2', '1.31.2']])('%s: every cluster on %s', async (flag, assumed) => {
    const doc = await jsonPlan('--kubernetes-version', flag);
    expect(byName(doc).flux).toEqual(['upgrade', 'kubernetes-minor-upgraded', '1.10.0']);
    expect(doc.summary.assumedKubernetesVersion).toBe(assumed);
  });

  it('--fail-on blocked gates the upgrade (exit 3)', async () => {
    const run = await runCli([...files, '--kubernetes-version', '+1', '--fail-on', 'blocked']);
    expect(run.code).toBe(3);
  });

  it('table: the summary says which version was assumed', async () => {
    const run = await runCli([...files, '--kubernetes-version', '1.30']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('What-if: every cluster assumed on Kubernetes 1.30.0, its current version the reconciled one.');
    expect(run.stdout).toMatch(/Kubernetes 1\.30\.0 \(reconciled 1\.29\.4\)/);
  });

  it('markdown and html: the summary says which version was assumed', async () => {
    const md = await runCli([...files, '--kubernetes-version', '+1', '--output', 'markdown']);
    expect(md.stdout).toContain('**What-if:** every cluster assumed on Kubernetes its next minor (+1), its current version the reconciled one.');
    const html = await runCli([...files, '--kubernetes-version', '+1', '--output', 'html']);
    const data = JSON.parse(/id="report-data">(.*?)<\/script>/s.exec(html.stdout)![1]!) as { summary: { assumedKubernetesVersion?: string }; problems: { code: string }[] };
    expect(data.summary.assumedKubernetesVersion).toBe('+1');
    expect(data.problems.map((p) => p.code)).toEqual(['incompatible-no-allowed-version']);
  });

  it.each(['1.x', '+2', 'next', '1.30-eks'])('%j is a user error (exit 2) naming the option', async (flag) => {
    const run = await runCli([...files, '--kubernetes-version', flag]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(new RegExp(`^error: plan: --kubernetes-version: "${flag.replace(/[.+]/g, '\\$&')}" is not a Kubernetes version`));
    expect(run.stdout).toBe('');
  });
});

describe('plan --kubernetes-version: live mode against the simulator', () => {
  let sim: FleetSimulator;
  const ca = join(dir, 'ca.pem');
  beforeAll(async () => {
    sim = await startFleetSimulator({ fleet: generateFleet({ clusters: 30, subscriptions: 2, seed: 5 }) });
    writeFileSync(ca, sim.ca);
  });
  afterAll(() => sim.close());

  it('equals the file-mode what-if of the snapshot it saved (which is the fleet as discovered)', async () => {
    const subscriptions = [...new Set(sim.fleet.clusters.map((c) => c.id.split('/')[2]!))].join(',');
    const saved = join(dir, 'live-snapshot.json');
    const savedCatalog = join(dir, 'live-catalog.json');
    const common = ['--now', '2026-01-01T00:00:00Z', '--output', 'json', '--kubernetes-version', '+1'];
    const live = await runCli(['plan', '--subscription', subscriptions, '--endpoint', sim.endpoint, '--ca', ca, '--save-snapshot', saved, '--save-catalog', savedCatalog, ...common]);
    expect(live.code).toBe(0);
    const file = await runCli(['plan', '--snapshot', saved, '--catalog', savedCatalog, ...common]);
    expect(JSON.parse(file.stdout)).toEqual(JSON.parse(live.stdout));
    expect(JSON.parse(live.stdout).summary.assumedKubernetesVersion).toBe('+1');
    const discovered = JSON.parse(readFileSync(saved, 'utf8')) as { clusters: { id: string; kubernetesVersion: string }[] };
    const real = new Map(sim.fleet.clusters.map((c) => [c.id.toLowerCase(), c.kubernetesVersion]));
    for (const c of discovered.clusters) expect(c.kubernetesVersion).toBe(real.get(c.id.toLowerCase()));
  });
});
