import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './cliHarness';

const EX = join(__dirname, '..', '..', 'examples');
const files = { snapshot: join(EX, 'snapshot.json'), catalog: join(EX, 'catalog.json'), policy: join(EX, 'policy.json') };
const dir = mkdtempSync(join(tmpdir(), 'plan-cli-'));
function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}
const base = ['plan', '--snapshot', files.snapshot, '--catalog', files.catalog, '--policy', files.policy, '--now', '2024-11-25T00:00:00Z'];

describe('plan command: file mode', () => {
  it('prints the JSON document of the contract', async () => {
    const run = await runCli([...base, '--output', 'json']);
    expect(run.code).toBe(0);
    const doc = JSON.parse(run.stdout);
    expect(doc.summary).toEqual({ clusters: 4, extensions: 10, byAction: { hold: 2, upgrade: 4, skip: 1, blocked: 2, wait: 1 } });
    const flux = doc.decisions.find((d: { clusterId: string; extensionName: string }) => d.clusterId.endsWith('aks-prod-weu') && d.extensionName === 'flux');
    expect(flux).toEqual({
      clusterId: expect.stringContaining('/managedClusters/aks-prod-weu'),
      extensionName: 'flux',
      extensionType: 'microsoft.flux',
      action: 'upgrade',
      from: '1.11.1',
      to: '1.11.3',
      moveKind: 'patch',
      path: ['1.11.3'],
      code: 'patch-available',
      reason: expect.any(String),
      // examples/policy.json gives Flux a window of 3 (N-2): the catalog's stable lines 1.12, 1.11, 1.10 are supported
      inSupport: true,
    });
    const none = doc.decisions.find((d: { action: string }) => d.action === 'skip');
    expect(none).toMatchObject({ to: null, moveKind: null, path: [] });
  });

  it('prints a table grouped by cluster that fits 120 columns', async () => {
    const run = await runCli(base);
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(120);
    expect(lines.filter((l) => l.startsWith('EXTENSION'))).toHaveLength(4);
    expect(run.stdout).toContain('incompatible-no-allowed-version');
    expect(run.stdout).toMatch(/4 clusters, 10 extensions/);
  });

  it('--now changes which versions are old enough', async () => {
    const early = JSON.parse((await runCli([...base.slice(0, -2), '--now', '2024-11-06T00:00:00Z', '--output', 'json'])).stdout);
    const flux = early.decisions.find((d: { clusterId: string; extensionName: string }) => d.clusterId.endsWith('aks-canary-weu') && d.extensionName === 'flux');
    expect(flux.to).toBe('1.12.0'); // 1.12.2 is one day old, policy asks for three
  });

  it('warns on stderr about a catalog version that is not semver and goes on', async () => {
    const cat = file('cat-warn.json', JSON.stringify({ extensionTypes: { 'microsoft.flux': { versions: [{ version: 'latest' }, { version: '1.11.3' }] } } }));
    const run = await runCli(['plan', '--snapshot', files.snapshot, '--catalog', cat, '--output', 'json']);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('"latest" is not valid semver; ignored');
  });
});

describe('plan command: user errors exit 2 with a message naming input, field and problem', () => {
  const cases: { name: string; args: () => string[]; message: RegExp }[] = [
    { name: 'missing snapshot file', args: () => ['plan', '--snapshot', join(dir, 'none.json'), '--catalog', files.catalog], message: /none\.json: \$: file not found/ },
    { name: 'snapshot is a directory', args: () => ['plan', '--snapshot', dir, '--catalog', files.catalog], message: /is a directory/ },
    { name: 'invalid JSON', args: () => ['plan', '--snapshot', file('bad.json', '{"clusters": ['), '--catalog', files.catalog], message: /bad\.json: \$: not valid JSON/ },
    { name: 'schema violation with its path', args: () => ['plan', '--snapshot', file('s.json', JSON.stringify({ clusters: [{ id: 'x', kubernetesVersion: '1.29', extensions: [{ name: 'a', extensionType: 't' }] }] })), '--catalog', files.catalog], message: /s\.json: \$\.clusters\[0\]\.extensions\[0\]\.version: / },
    { name: 'wrong provisioning state', args: () => ['plan', '--snapshot', file('p.json', JSON.stringify({ clusters: [{ id: 'x', kubernetesVersion: '1.29', extensions: [{ name: 'a', extensionType: 't', version: '1.0.0', provisioningState: 'Busy' }] }] })), '--catalog', files.catalog], message: /provisioningState: expected one of/ },
    { name: 'catalog range not semver', args: () => ['plan', '--snapshot', files.snapshot, '--catalog', file('c.json', JSON.stringify({ extensionTypes: { t: { versions: [{ version: '1.0.0', kubernetes: 'one point thirty' }] } } }))], message: /c\.json: \$\.extensionTypes\.t\.versions\[0\]\.kubernetes/ },
    { name: 'catalog train unknown', args: () => ['plan', '--snapshot', files.snapshot, '--catalog', file('c2.json', JSON.stringify({ extensionTypes: { t: { versions: [{ version: '1.0.0', releaseTrain: 'nightly' }] } } }))], message: /releaseTrain: expected "stable" or "preview"/ },
    { name: 'policy unknown field', args: () => [...base.slice(0, 5), '--policy', file('pol.json', JSON.stringify({ allowMajors: true }))], message: /pol\.json: \$: .*allowMajors/ },
    { name: 'policy bad constraint range', args: () => [...base.slice(0, 5), '--policy', file('pol2.json', JSON.stringify({ constraints: [{ extensionType: 'x', range: 'newest' }] }))], message: /pol2\.json: \$\.constraints\[0\]\.range: not a valid semver range/ },
    { name: 'policy bad maintenance window', args: () => [...base.slice(0, 5), '--policy', file('pol3.json', JSON.stringify({ rollout: { maintenanceWindows: [{ days: [1], start: '25:00', durationMinutes: 60 }] } }))], message: /start: expected "HH:MM"/ },
    { name: '--now not ISO-8601', args: () => [...base.slice(0, -2), '--now', 'tomorrow'], message: /--now: "tomorrow" is not an ISO-8601 date-time/ },
    { name: '--output unknown', args: () => [...base, '--output', 'yaml'], message: /--output: "yaml" is not one of table, json/ },
    { name: 'no snapshot nor scope', args: () => ['plan', '--catalog', files.catalog], message: /--snapshot: missing/ },
    { name: 'no catalog in file mode', args: () => ['plan', '--snapshot', files.snapshot], message: /--catalog: missing/ },
    { name: 'file and live mode together', args: () => [...base, '--subscription', '3f2a1c4e-8b7d-4e5f-9a0b-1c2d3e4f5a6b'], message: /not both/ },
    { name: 'subscription not a GUID', args: () => ['plan', '--subscription', 'prod'], message: /--subscription: "prod" is not a subscription id/ },
    { name: 'live-only option in file mode', args: () => [...base, '--save-snapshot', join(dir, 'x.json')], message: /--save-snapshot: only applies to live mode/ },
    { name: 'unknown option', args: () => [...base, '--fast'], message: /unknown option '--fast'/ },
    { name: 'unknown command', args: () => ['deploy'], message: /unknown command 'deploy'/ },
  ];

  it.each(cases)('$name', async ({ args, message }) => {
    const run = await runCli(args());
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(run.stdout).toBe('');
  });

  it('help exits 0', async () => {
    const run = await runCli(['plan', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('--snapshot <file>');
  });
});

describe('audit command: user errors through the CLI', () => {
  it('needs a cluster or a rollout', async () => {
    const run = await runCli(['audit', '--connection-string', 'UseDevelopmentStorage=true']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--cluster\/--rollout/);
  });
  it('refuses a limit that is not a positive integer', async () => {
    const run = await runCli(['audit', '--rollout', 'r', '--limit', 'ten', '--connection-string', 'UseDevelopmentStorage=true']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--limit/);
  });
});

describe('plan command: table with long names', () => {
  it('keeps every line within 120 columns for a long cluster, resource group and a many-hop path', async () => {
    const id = `/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/${'r'.repeat(90)}/providers/Microsoft.ContainerService/managedClusters/${'n'.repeat(63)}`;
    const versions = ['1.0.0', ...Array.from({ length: 14 }, (_, i) => `1.${i + 1}.10`)];
    const snap = file('long-snap.json', JSON.stringify({ clusters: [{ id, kubernetesVersion: '1.30.10', reconciledKubernetesVersion: '1.29.10', extensions: [{ name: 'e'.repeat(40), extensionType: 'microsoft.flux', version: '1.0.0' }] }] }));
    const cat = file('long-cat.json', JSON.stringify({ extensionTypes: { 'microsoft.flux': { versions: versions.map((version) => ({ version })) } } }));
    const pol = file('long-pol.json', JSON.stringify({ stepMinors: true }));
    const run = await runCli(['plan', '--snapshot', snap, '--catalog', cat, '--policy', pol]);
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines.filter((l) => l.length > 120)).toEqual([]);
    expect(run.stdout).toContain('n'.repeat(40)); // the cluster name is still shown
    expect(run.stdout.replace(/\s+/g, ' ')).toContain(versions.slice(1).join(' → ')); // every hop still shown
  });
});

describe('plan command: catalog kubernetes field errors name the problem', () => {
  it.each([
    ['a number', 5],
    ['a string that is not a range', 'one point thirty'],
    ['a list', ['>=1.27.0']],
  ])('kubernetes given as %s', async (_name, kubernetes) => {
    const cat = file(`ck-${String(_name).length}.json`, JSON.stringify({ extensionTypes: { t: { versions: [{ version: '1.0.0', kubernetes }] } } }));
    const run = await runCli(['plan', '--snapshot', files.snapshot, '--catalog', cat]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/\$\.extensionTypes\.t\.versions\[0\]\.kubernetes: .*semver range/);
  });
});

describe('catalog releasedAt formats', () => {
  it('accepts a date or a date-time, refuses anything else naming the field', async () => {
    const ok = file('rel-ok.json', JSON.stringify({ extensionTypes: { 'microsoft.flux': { versions: [{ version: '1.11.3', releasedAt: '2024-08-20' }, { version: '1.12.0', releasedAt: '2024-10-01T00:00:00+02:00' }] } } }));
    expect((await runCli(['plan', '--snapshot', files.snapshot, '--catalog', ok, '--output', 'json'])).code).toBe(0);
    const bad = file('rel-bad.json', JSON.stringify({ extensionTypes: { 'microsoft.flux': { versions: [{ version: '1.11.3', releasedAt: 'last week' }] } } }));
    const run = await runCli(['plan', '--snapshot', files.snapshot, '--catalog', bad]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/rel-bad\.json: \$\.extensionTypes\["microsoft\.flux"\]\.versions\[0\]\.releasedAt: expected an ISO-8601 date or date-time/);
  });
});

describe('plan --only and --fail-on', () => {
  it('--only prints the chosen actions while the summary counts the whole plan', async () => {
    const run = await runCli([...base, '--output', 'json', '--only', 'blocked,wait']);
    expect(run.code).toBe(0);
    const doc = JSON.parse(run.stdout);
    expect(doc.decisions.map((d: { action: string }) => d.action).sort()).toEqual(['blocked', 'blocked', 'wait']);
    expect(doc.summary.extensions).toBe(10);
  });

  it('--fail-on exits 3 and says why when a decision has a listed action, 0 otherwise', async () => {
    const gated = await runCli([...base, '--fail-on', 'blocked', '--fail-on', 'error']);
    expect(gated.code).toBe(3);
    expect(gated.stderr).toMatch(/plan gate: 2 decisions with action blocked \(--fail-on\)/);
    expect(gated.stdout).toContain('incompatible-no-allowed-version');
    expect((await runCli([...base, '--fail-on', 'error'])).code).toBe(0);
  });

  it.each(['--only', '--fail-on'])('%s refuses an unknown action with exit 2', async (flag) => {
    const run = await runCli([...base, flag, 'upgrade,explode']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(new RegExp(`${flag}: "explode" is not one of upgrade, hold, wait, skip, blocked, none, error`));
  });
});
