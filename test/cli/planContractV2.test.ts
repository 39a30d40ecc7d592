/** The CLI side of plan contract v2: --now, duplicate cluster ids, warnings about unknown fields and types, reasons in the table. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './cliHarness';

const EX = join(__dirname, '..', '..', 'examples');
const files = { snapshot: join(EX, 'snapshot.json'), catalog: join(EX, 'catalog.json'), policy: join(EX, 'policy.json') };
const dir = mkdtempSync(join(tmpdir(), 'plan-v2-'));
function file(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(content));
  return path;
}
const AKS = (n: string): string => `/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/${n}`;
const CATALOG = { extensionTypes: { 'microsoft.flux': { versions: [{ version: '1.8.2' }, { version: '1.8.5' }, { version: '2.0.0' }] } } };

describe('plan --now accepts only a real ISO-8601 date-time with an offset or Z', () => {
  it.each(['2024-02-30T00:00:00Z', '2024-06-01', '2024-06-01T00:00:00', 'tomorrow', '2024-13-01T00:00:00Z', '2023-02-29T10:00:00Z'])('%s is exit 2 naming --now', async (now) => {
    const run = await runCli(['plan', '--snapshot', files.snapshot, '--catalog', files.catalog, '--now', now]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`error: plan: --now: "${now}" is not an ISO-8601 date-time with an offset or Z (a real date and time, e.g. 2024-06-01T12:00:00Z or 2024-06-01T12:00Z)\n`);
  });

  it.each(['2024-02-29T10:00:00Z', '2024-06-01T02:00:00+02:00', '2024-06-01T00:00:00.123Z', '2024-06-01T00:00Z', '2024-06-01T02:00+02:00'])('%s is accepted', async (now) => {
    expect((await runCli(['plan', '--snapshot', files.snapshot, '--catalog', files.catalog, '--now', now, '--output', 'json'])).code).toBe(0);
  });
});

describe('plan: duplicate cluster ids', () => {
  it('exit 2 naming the file and both JSON paths (ids compared case-insensitively)', async () => {
    const snap = file('dup.json', { clusters: [{ id: AKS('a'), kubernetesVersion: '1.29.0' }, { id: AKS('b'), kubernetesVersion: '1.29.0' }, { id: AKS('A').toUpperCase(), kubernetesVersion: '1.30.0' }] });
    const run = await runCli(['plan', '--snapshot', snap, '--catalog', files.catalog]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`error: ${snap}: $.clusters[2].id: duplicate cluster id "${AKS('A').toUpperCase()}" (also at $.clusters[0].id)\n`);
    expect(run.stdout).toBe('');
  });
});

describe('plan: warnings on stderr, the plan still printed', () => {
  it('names each unknown snapshot field by its path', async () => {
    const snap = file('typo.json', { clusters: [{ id: AKS('a'), kubernetesVersion: '1.30.0', reconciledKubernetesVerison: '1.29.0', extensions: [{ name: 'flux', extensionType: 'microsoft.flux', version: '1.8.2', autoUpgrade: false }] }], generatedAt: 'x' });
    const run = await runCli(['plan', '--snapshot', snap, '--catalog', file('cat.json', CATALOG), '--output', 'json']);
    expect(run.code).toBe(0);
    expect(run.stderr.split('\n').filter(Boolean)).toEqual([
      `warning: ${snap}: $.generatedAt: unknown field; ignored`,
      `warning: ${snap}: $.clusters[0].reconciledKubernetesVerison: unknown field; ignored`,
      `warning: ${snap}: $.clusters[0].extensions[0].autoUpgrade: unknown field; ignored`,
    ]);
    // the typo is not read: first sight, so only the patch moves
    expect(JSON.parse(run.stdout).decisions[0]).toMatchObject({ action: 'upgrade', to: '1.8.5' });
  });

  it('names holds and constraints whose type is in neither the catalog nor the snapshot', async () => {
    const snap = file('one.json', { clusters: [{ id: AKS('a'), kubernetesVersion: '1.29.0', extensions: [{ name: 'dapr', extensionType: 'microsoft.dapr', version: '1.0.0' }] }] });
    const pol = file('pol.json', {
      holds: [{ extensionType: 'microsoft.flx' }, { extensionType: '*' }, { extensionType: 'Microsoft.Dapr' }],
      constraints: [{ extensionType: 'MICROSOFT.FLUX', range: '<2.0.0' }, { extensionType: 'microsoft.fluxx', range: '<2.0.0' }],
    });
    const run = await runCli(['plan', '--snapshot', snap, '--catalog', file('cat2.json', CATALOG), '--policy', pol, '--output', 'json']);
    expect(run.code).toBe(0);
    expect(run.stderr.split('\n').filter(Boolean)).toEqual([
      `warning: ${pol}: $.holds[0].extensionType: "microsoft.flx" is in neither the catalog nor the snapshot; it matches nothing`,
      `warning: ${pol}: $.constraints[1].extensionType: "microsoft.fluxx" is in neither the catalog nor the snapshot; it matches nothing`,
    ]);
  });
});

describe('plan table: reasons', () => {
  const snap = (): string =>
    file('reasons.json', {
      clusters: [
        { id: AKS('a'), kubernetesVersion: '1.29.0', extensions: [{ name: 'flux', extensionType: 'microsoft.flux', version: '1.8.2' }, { name: 'flux2', extensionType: 'microsoft.flux', version: '1.8.5' }, { name: 'dapr', extensionType: 'microsoft.dapr', version: '1.0.0' }] },
      ],
    });

  it('explains each none, wait and blocked row within 120 columns; moves and skips need no line', async () => {
    const run = await runCli(['plan', '--snapshot', snap(), '--catalog', file('cat3.json', CATALOG)]);
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines.filter((l) => l.length > 120)).toEqual([]);
    const at = lines.flatMap((l, i) => (l.trimStart().startsWith('why ') ? [i] : []));
    expect(at).toHaveLength(1);
    expect(lines[at[0]! + 1]).toMatch(/^ {23}\S/); // wrapped under its first word
    expect(`${lines[at[0]!]} ${lines[at[0]! + 1]!.trim()}`).toBe(`${' '.repeat(19)}why 1.8.5 is the newest allowed on its line; 2.0.0 waits for a Kubernetes minor upgrade of the cluster (now 1.29).`);
  });

  it('--wide puts every reason in a REASON column', async () => {
    const run = await runCli(['plan', '--snapshot', snap(), '--catalog', file('cat4.json', CATALOG), '--wide']);
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines.find((l) => l.startsWith('EXTENSION'))).toMatch(/ CODE +REASON$/);
    expect(lines.find((l) => l.startsWith('flux '))).toMatch(/patch-available +Move 1\.8\.2 → 1\.8\.5: patch 1\.8\.5 is available on the 1\.8 line\.$/);
    expect(lines.find((l) => l.startsWith('dapr '))).toMatch(/not-in-catalog +Extension type microsoft\.dapr is not in the catalog\.$/);
    expect(lines.some((l) => l.trimStart().startsWith('why '))).toBe(false);
  });
});
