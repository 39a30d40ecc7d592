/**
 * The CLI keeps its promises at the edges, driven as a real process (issue 22): a reader that closes the pipe, a
 * full disk, encodings of real files, ISO-8601 without seconds, empty and repeated options, --version, audit's
 * --cluster and storage errors, and the demo's --serve port. Expected values come from the CLI contract (exit 0 ok,
 * 2 user error, 3 --fail-on gate, 1 internal error or output not written) and from the files written here.
 */
import { closeSync, mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateFleet, toCatalog, toFleetSnapshot } from '../../simulator/fleetGenerator';
import { startAzurite, type AzuriteTables, DEV_ACCOUNT } from '../../simulator/world/azurite';
import { runCliProcess } from './cliProcess';

const dir = mkdtempSync(join(tmpdir(), 'cli-edges-'));
const FILES = ['--snapshot', 'examples/snapshot.json', '--catalog', 'examples/catalog.json', '--now', '2024-06-01T00:00:00Z'];
const ONE_LINE = (text: string): void => {
  expect(text.trimEnd().split('\n')).toHaveLength(1);
  expect(text).not.toMatch(/internal error|\n\s+at /);
};

/** A fleet big enough that its table overflows a pipe's buffer (64 KiB) many times over. */
function bigFleetFiles(): { snapshot: string; catalog: string } {
  const fleet = generateFleet({ clusters: 3000, subscriptions: 3, seed: 22, extensionsPerCluster: [3, 5] });
  const snapshot = join(dir, 'big-snapshot.json');
  const catalog = join(dir, 'big-catalog.json');
  writeFileSync(snapshot, JSON.stringify(toFleetSnapshot(fleet)));
  writeFileSync(catalog, JSON.stringify(toCatalog(fleet)));
  return { snapshot, catalog };
}

describe('a closed stdout (plan … | head -1) ends the output quietly with the plan\'s own exit code', () => {
  const big = bigFleetFiles();
  const plan = ['plan', '--snapshot', big.snapshot, '--catalog', big.catalog, '--now', '2024-06-01T00:00:00Z'];

  it.each([
    ['without a gate: exit 0', [] as string[]],
    ['with --fail-on upgrade (the fleet has moves): exit 3', ['--fail-on', 'upgrade']],
  ])('%s', async (_name, extra) => {
    const whole = await runCliProcess([...plan, ...extra]);
    expect(whole.stdout.length).toBeGreaterThan(10 * 65536); // the reader below leaves long before the end
    const cut = await runCliProcess([...plan, ...extra], { closeStdoutAfter: 200 });
    expect(cut.signal).toBeNull();
    expect(cut.code).toBe(whole.code);
    expect(cut.code).toBe(extra.length ? 3 : 0);
    expect(cut.stderr).not.toMatch(/EPIPE|internal error|\n\s+at /);
  });
});

describe('a full disk (> /dev/full) is a one-line error', () => {
  it('names stdout and ENOSPC, exit 1, no stack', async () => {
    const full = openSync('/dev/full', 'w');
    try {
      const r = await runCliProcess(['plan', ...FILES], { stdout: full });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^error: cannot write the output to stdout \(ENOSPC: no space left on the device\)$/m);
      ONE_LINE(r.stderr);
    } finally {
      closeSync(full);
    }
  });
});

describe('input files in other encodings', () => {
  const snapshot = readFileSync('examples/snapshot.json', 'utf8');
  const policy = readFileSync('examples/policy.json', 'utf8');
  const bom = Buffer.from([0xef, 0xbb, 0xbf]);
  const utf16le = (text: string): Buffer => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
  const file = (name: string, bytes: Buffer): string => {
    writeFileSync(join(dir, name), bytes);
    return join(dir, name);
  };

  it('a UTF-8 byte-order mark (PowerShell Out-File) is accepted in the snapshot, the catalog and the policy: same plan as without', async () => {
    const plain = await runCliProcess(['plan', ...FILES, '--policy', 'examples/policy.json', '--output', 'json']);
    const withBom = await runCliProcess([
      'plan', '--snapshot', file('bom-snapshot.json', Buffer.concat([bom, Buffer.from(snapshot)])),
      '--catalog', file('bom-catalog.json', Buffer.concat([bom, readFileSync('examples/catalog.json')])),
      '--policy', file('bom-policy.json', Buffer.concat([bom, Buffer.from(policy)])),
      '--now', '2024-06-01T00:00:00Z', '--output', 'json',
    ]);
    expect(withBom.stderr).toBe(plain.stderr);
    expect(withBom.code).toBe(0);
    expect(withBom.stdout).toBe(plain.stdout);
  });

  it.each([
    ['a UTF-16 snapshot (Windows PowerShell 5)', 'snapshot', () => file('u16-snapshot.json', utf16le(snapshot)), /^error: .*u16-snapshot\.json: \$: is UTF-16 \(little-endian\) text, not UTF-8: save it as UTF-8/],
    ['a UTF-16 policy', 'policy', () => file('u16-policy.json', utf16le(policy)), /^error: .*u16-policy\.json: \$: is UTF-16 \(little-endian\) text, not UTF-8/],
    ['a UTF-16 big-endian policy', 'policy', () => file('u16be-policy.json', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(policy, 'utf16le').swap16()])), /is UTF-16 \(big-endian\) text/],
    ['a Latin-1 policy', 'policy', () => file('latin1-policy.json', Buffer.from('{"holds":[{"extensionType":"*","reason":"gel\u00e9e"}]}', 'latin1')), /latin1-policy\.json: \$: is not UTF-8 text/],
  ])('%s is named, exit 2', async (_name, which, make, message) => {
    const path = make();
    const argv = which === 'snapshot' ? ['plan', '--snapshot', path, '--catalog', 'examples/catalog.json'] : ['plan', ...FILES, '--policy', path];
    const r = await runCliProcess(argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    ONE_LINE(r.stderr);
  });
});

describe('options', () => {
  it('--now takes ISO-8601 date-times with or without seconds', async () => {
    const minutes = await runCliProcess(['plan', ...FILES.slice(0, 4), '--now', '2024-06-01T00:00Z', '--output', 'json']);
    const seconds = await runCliProcess(['plan', ...FILES.slice(0, 4), '--now', '2024-06-01T00:00:00Z', '--output', 'json']);
    expect(minutes.code).toBe(0);
    expect(minutes.stdout).toBe(seconds.stdout);
  });

  it.each([
    ['--only \'\' (would print everything)', ['plan', ...FILES, '--only', ''], /--only .*is empty|--only .*empty item/],
    ['--fail-on \'\' (would gate nothing)', ['plan', ...FILES, '--fail-on', ''], /--fail-on .*(is empty|empty item)/],
    ['--fail-on \'error,\' (an empty item)', ['plan', ...FILES, '--fail-on', 'error,'], /--fail-on .*empty item/],
    ['--policy \'\' (would mean the default policy)', ['plan', ...FILES, '--policy', ''], /--policy .*is empty/],
    ['--policy given twice (the last would win)', ['plan', ...FILES, '--policy', 'examples/policy.json', '--policy', 'examples/policy.json'], /--policy .*given twice/],
    ['--output given twice', ['plan', ...FILES, '--output', 'json', '--output', 'table'], /--output .*given twice/],
    ['--now given twice', ['plan', ...FILES, '--now', '2024-06-01T00:00Z'], /--now .*given twice/],
    ['audit --cluster \'../../x\' (a path, not a cluster id)', ['audit', '--cluster', '../../x', '--connection-string', 'UseDevelopmentStorage=true'], /^error: audit: --cluster: must be the ARM id of a managed, connected or provisioned cluster/],
    ['audit --cluster a resource group id', ['audit', '--cluster', '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg', '--connection-string', 'UseDevelopmentStorage=true'], /--cluster: must be the ARM id/],
  ])('%s is a user error (exit 2, one line)', async (_name, argv, message) => {
    const r = await runCliProcess(argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    ONE_LINE(r.stderr);
    expect(r.stdout).toBe('');
  });

  it('--only and --fail-on may still be repeated (lists)', async () => {
    const r = await runCliProcess(['plan', ...FILES, '--only', 'upgrade', '--only', 'blocked', '--fail-on', 'error', '--fail-on', 'blocked']);
    expect([0, 3]).toContain(r.code);
    expect(r.stderr).not.toMatch(/given twice|internal error/);
  });

  it('--version prints the package version, exit 0', async () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    const r = await runCliProcess(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${pkg.version}\n`);
  });
});

describe('audit: storage errors name storage', () => {
  let azurite: AzuriteTables;
  let refused: string;
  beforeAll(async () => {
    azurite = await startAzurite();
    // a port that refuses: listen, note it, close
    const probe: Server = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', () => resolve()));
    const port = (probe.address() as { port: number }).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    refused = `DefaultEndpointsProtocol=http;AccountName=${DEV_ACCOUNT};AccountKey=${Buffer.from('k').toString('base64')};TableEndpoint=http://127.0.0.1:${port}/${DEV_ACCOUNT};`;
  });
  afterAll(() => azurite.stop());

  it('a refused connection names the network (one attempt: the SDK retries nothing)', async () => {
    const r = await runCliProcess(['audit', '--rollout', 'r', '--connection-string', refused]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: audit: --connection-string: cannot reach Table storage \(ECONNREFUSED\)/);
    ONE_LINE(r.stderr);
  });

  it('a wrong account key names the key, never echoes it', async () => {
    const wrongKey = Buffer.from('not-the-account-key-0123456789').toString('base64');
    const cs = azurite.connectionString.replace(/AccountKey=[^;]+/, `AccountKey=${wrongKey}`);
    expect(cs).toContain(wrongKey);
    const r = await runCliProcess(['audit', '--rollout', 'r', '--connection-string', cs]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: audit: --connection-string: Table storage refused the request \(403.*\): check the AccountKey/);
    expect(r.stderr).not.toContain(wrongKey);
    ONE_LINE(r.stderr);
  });
});

describe('npm run demo -- --serve --port <busy>', () => {
  it('says the port is busy before the story, exit 2, and ends', async () => {
    const busy: Server = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', () => resolve()));
    const port = (busy.address() as { port: number }).port;
    try {
      const { spawn } = await import('node:child_process');
      const child = spawn(process.execPath, ['-r', join(__dirname, '..', 'support', 'transpileHook.js'), join(__dirname, '..', '..', 'demo', 'demo.ts'), '--serve', '--port', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => void (stdout += c.toString()));
      child.stderr.on('data', (c: Buffer) => void (stderr += c.toString()));
      const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
      expect(code).toBe(2);
      expect(stderr).toMatch(new RegExp(`^error: demo: --port: port ${port} on 127\\.0\\.0\\.1 is in use by another program`));
      ONE_LINE(stderr);
      expect(stdout).toBe(''); // the story never started
    } finally {
      await new Promise<void>((resolve) => busy.close(() => resolve()));
    }
  });
});

describe('one cluster\'s garbage never stops the plan (CLI)', () => {
  it('a Kubernetes version with a 17-digit component is that cluster\'s error decision; the others are planned as without it', async () => {
    const snapshot = JSON.parse(readFileSync('examples/snapshot.json', 'utf8')) as { clusters: Array<Record<string, unknown> & { id: string; extensions: unknown[] }> };
    const bad = { ...snapshot.clusters[0]!, id: `${snapshot.clusters[0]!.id}-bad`, kubernetesVersion: '1.99999999999999999.0' };
    const withBad = join(dir, 'with-bad.json');
    writeFileSync(withBad, JSON.stringify({ clusters: [...snapshot.clusters, bad] }));
    const plain = await runCliProcess(['plan', ...FILES, '--output', 'json']);
    const r = await runCliProcess(['plan', '--snapshot', withBad, ...FILES.slice(2), '--output', 'json', '--fail-on', 'error']);
    expect(r.code).toBe(3); // the gate sees the bad cluster's errors; nothing crashed
    const doc = JSON.parse(r.stdout) as { decisions: Array<{ clusterId: string; action: string }> };
    const mine = doc.decisions.filter((d) => d.clusterId === bad.id);
    expect(mine).toHaveLength(bad.extensions.length);
    for (const d of mine) expect(d.action).toBe('error');
    expect(doc.decisions.filter((d) => d.clusterId !== bad.id)).toEqual((JSON.parse(plain.stdout) as typeof doc).decisions);
  });
});
