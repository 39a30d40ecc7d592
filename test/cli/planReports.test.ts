import { join } from 'node:path';
import { runCli } from './cliHarness';

const EXAMPLES = join(__dirname, '..', '..', 'examples');
const files = ['--snapshot', join(EXAMPLES, 'snapshot.json'), '--catalog', join(EXAMPLES, 'catalog.json'), '--policy', join(EXAMPLES, 'policy.json'), '--now', '2024-11-25T00:00:00Z'];

describe('plan --output html | markdown', () => {
  it('html: one self-contained document: data, script and styles inline, a CSP that allows no request', async () => {
    const run = await runCli(['plan', ...files, '--output', 'html']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^<!doctype html>/);
    expect(run.stdout).toContain('connect-src &#39;none&#39;'); // inside the CSP meta element
    expect(run.stdout).toContain('<script type="application/json" id="report-data">');
    expect(run.stdout).not.toMatch(/<(script|link|img)[^>]+(src|href)=/); // nothing loaded from anywhere
    const data = JSON.parse(/id="report-data">(.*?)<\/script>/s.exec(run.stdout)![1]!) as { problems: unknown[]; moves: unknown[]; clusters: unknown[] };
    // the examples' plan (--now 2024-11-25): 4 upgrades; 2 hold, 2 blocked, 1 wait held back; 4 clusters
    expect(data.moves).toHaveLength(4);
    expect(data.problems).toHaveLength(5);
    expect(data.clusters).toHaveLength(4);
  });

  it('markdown: the moves, what is held back, the matrix and the clusters, for a pull-request comment', async () => {
    const run = await runCli(['plan', ...files, '--output', 'markdown']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^## Extension plan — 4 clusters, 10 extensions\n/);
    expect(run.stdout.indexOf('### Moves (4)')).toBeLessThan(run.stdout.indexOf('### Held back (5)'));
    expect(run.stdout.indexOf('### Held back (5)')).toBeLessThan(run.stdout.indexOf('### Fleet matrix'));
    expect(run.stdout).toContain('| Cluster | Ring | Extension | Status | Code | Version | Reason |');
    expect(run.stdout).toContain('| aks-prod-weu | prod | flux (microsoft.flux) | 1.11.1 → 1.11.3 | 1.11.3 | patch |');
    expect(run.stdout).toContain('### Clusters (4)');
  });

  it('an unknown format is a user error (exit 2) naming the option', async () => {
    const run = await runCli(['plan', ...files, '--output', 'pdf']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('error: plan: --output: "pdf" is not one of table, json, html, markdown\n');
  });
});
