/**
 * Every user mistake exits 2 with one line naming the option or input (never "internal error", never a stack), and
 * nothing is started before the input that would fail is checked.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_INPUT_FILE_BYTES, readInputFile } from '../../src/platform/inputFile';
import { runCli } from './cliHarness';

const SUB = '00000000-0000-0000-0000-000000000001';
const dir = mkdtempSync(join(tmpdir(), 'cli-user-errors-'));
const fifo = join(dir, 'snapshot.fifo');
execFileSync('mkfifo', [fifo]);
const notPem = join(dir, 'not.pem');
writeFileSync(notPem, 'hello\n');
const FILES = ['--snapshot', 'examples/snapshot.json', '--catalog', 'examples/catalog.json'];
const UNREACHABLE = 'https://127.0.0.1:1';

describe('CLI user errors exit 2 with a one-line message naming the input', () => {
  let savedStorage: string | undefined;
  beforeAll(() => {
    savedStorage = process.env.AzureWebJobsStorage;
  });
  afterEach(() => {
    if (savedStorage === undefined) delete process.env.AzureWebJobsStorage;
    else process.env.AzureWebJobsStorage = savedStorage;
  });

  it.each<[string, string[], RegExp, Record<string, string | undefined>?]>([
    ['plan --snapshot /dev/zero (a device, would never end)', ['plan', '--snapshot', '/dev/zero', '--catalog', 'examples/catalog.json'], /^error: \/dev\/zero: \$: is not a regular file \(a device\)/],
    ['plan --snapshot <a FIFO> (would wait for a writer)', ['plan', '--snapshot', fifo, '--catalog', 'examples/catalog.json'], /is not a regular file \(a FIFO\)/],
    ['plan --policy /dev/zero', ['plan', ...FILES, '--policy', '/dev/zero'], /^error: \/dev\/zero: \$: is not a regular file/],
    ['plan --snapshot <a folder>', ['plan', '--snapshot', dir, '--catalog', 'examples/catalog.json'], /is a directory, not a file/],
    ['plan --endpoint not-a-url', ['plan', '--subscription', SUB, '--endpoint', 'not-a-url'], /^error: plan: --endpoint: "not-a-url" is not a URL/],
    ['plan --endpoint http://…', ['plan', '--subscription', SUB, '--endpoint', 'http://127.0.0.1:8443'], /^error: plan: --endpoint: .* is not https/],
    ['plan --ca /nonexistent.pem', ['plan', '--subscription', SUB, '--endpoint', UNREACHABLE, '--ca', '/nonexistent.pem'], /^error: plan: --ca: \/nonexistent\.pem: file not found/],
    ['plan --ca <a file that is not PEM>', ['plan', '--subscription', SUB, '--endpoint', UNREACHABLE, '--ca', notPem], /^error: plan: --ca: .*not a PEM certificate/],
    ['plan --management-group with a slash', ['plan', '--management-group', 'a/b', '--endpoint', UNREACHABLE], /^error: plan: --management-group: "a\/b"/],
    ['plan --save-snapshot into a missing folder (checked before discovery)', ['plan', '--subscription', SUB, '--endpoint', UNREACHABLE, '--save-snapshot', '/nonexistent/x.json'], /^error: plan: --save-snapshot: .*does not exist/],
    ['plan against an unreachable endpoint (hint)', ['plan', '--subscription', SUB, '--endpoint', UNREACHABLE], /^error: cannot reach the endpoint \(ECONNREFUSED.*check --endpoint/],
    ['audit --connection-string garbage', ['audit', '--rollout', 'r', '--connection-string', 'garbage'], /^error: audit: --connection-string: not a storage connection string/],
    ['audit with a bogus $AzureWebJobsStorage', ['audit', '--rollout', 'r'], /^error: audit: \$AzureWebJobsStorage: not a storage connection string/, { AzureWebJobsStorage: 'AccountKey=secret-value' }],
    ['audit --endpoint http://…', ['audit', '--rollout', 'r', '--endpoint', 'http://acct.table.core.windows.net'], /^error: audit: --endpoint: .* is not https/],
    ['audit --endpoint not a URL', ['audit', '--rollout', 'r', '--endpoint', 'acct'], /^error: audit: --endpoint: "acct" is not a URL/],
    ['audit --limit abc', ['audit', '--rollout', 'r', '--limit', 'abc', '--connection-string', 'UseDevelopmentStorage=true'], /--limit <n>' argument 'abc' is invalid/],
  ])('%s', async (_name, argv, message, env = {}) => {
    for (const [k, v] of Object.entries(env)) process.env[k] = v;
    const r = await runCli(argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toMatch(/internal error|secret-value|\n\s+at /);
    expect(r.stdout).toBe('');
  });
});

describe('readInputFile: regular files under a size cap', () => {
  it('refuses a file over the cap, naming its size and the limit', () => {
    const file = join(dir, 'big.json');
    writeFileSync(file, 'x'.repeat(3 * 1024 * 1024));
    expect(() => readInputFile(file, 2 * 1024 * 1024)).toThrow(/big\.json: \$: is 3\.0 MiB, above the 2 MiB limit for input files/);
  });
  it('the default cap leaves room for ten 100,000-extension fleets (~25 MB of JSON each)', () => {
    expect(MAX_INPUT_FILE_BYTES).toBeGreaterThanOrEqual(250 * 1024 * 1024);
  });
});
