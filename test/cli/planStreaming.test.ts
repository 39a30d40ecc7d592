import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { planTable } from '../../src/cli/planTable';
import { writePlan } from '../../src/cli/planWriter';
import { readSnapshotFile } from '../../src/cli/snapshotFile';
import type { DecisionAction, FleetSnapshot } from '../../src/domain/model';
import { planByCluster, planFleet, summarize } from '../../src/domain/plan';
import { parsePolicy } from '../../src/domain/policySchema';
import { parseCatalog } from '../../src/domain/schemas/catalogSchema';
import { parseSnapshot } from '../../src/domain/schemas/snapshotSchema';
import { generateFleet, toCatalog, toFleetSnapshot } from '../../simulator/fleetGenerator';
import { runCli } from './cliHarness';

const dir = mkdtempSync(join(tmpdir(), 'plan-stream-'));
const EX = join(__dirname, '..', '..', 'examples');
const example = {
  snapshot: parseSnapshot(JSON.parse(readFileSync(join(EX, 'snapshot.json'), 'utf8')), 'snapshot'),
  catalog: parseCatalog(JSON.parse(readFileSync(join(EX, 'catalog.json'), 'utf8')), 'catalog').catalog,
  policy: parsePolicy(JSON.parse(readFileSync(join(EX, 'policy.json'), 'utf8')), 'policy'),
};
const NOW = new Date('2024-11-25T00:00:00Z');

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** The whole-document error for `text`, as the CLI gave it before streaming (JSON.parse, then the snapshot schema). */
function wholeDocumentError(text: string, input: string): string {
  try {
    parseSnapshot(JSON.parse(text), input);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected an error');
}

describe('readSnapshotFile: the same snapshot as parsing the whole document', () => {
  it('a generated fleet of 8,000 clusters, pretty-printed over several 4 MiB chunks', () => {
    const snapshot = toFleetSnapshot(generateFleet({ clusters: 8000, subscriptions: 7, seed: 3 }));
    const text = JSON.stringify({ generatedBy: 'test', clusters: snapshot.clusters }, null, 4);
    expect(text.length).toBeGreaterThan(8 * 1024 * 1024);
    expect(readSnapshotFile(file('big.json', text))).toEqual(parseSnapshot(JSON.parse(text), 'big.json'));
  });

  it('the example snapshot, with its defaults applied', () => {
    expect(readSnapshotFile(join(EX, 'snapshot.json'))).toEqual(example.snapshot);
  });
});

describe('readSnapshotFile: bad files fail with the file, the JSON path and the problem', () => {
  const cluster = (extra: object): object => ({ id: '/subscriptions/s/resourceGroups/r/providers/Microsoft.ContainerService/managedClusters/c', kubernetesVersion: '1.30.1', ...extra });
  const sameAsWholeDocument = [
    { name: 'a schema violation in the third cluster', doc: { clusters: [cluster({}), cluster({}), cluster({ extensions: [{ name: 'a', extensionType: 't' }] })] }, path: /^s1\.json: \$\.clusters\[2\]\.extensions\[0\]\.version: / },
    { name: 'a cluster that is not an object', doc: { clusters: [cluster({}), 'c2'] }, path: /^s2\.json: \$\.clusters\[1\]: / },
    { name: 'a root that is an array', doc: [cluster({})], path: /^s3\.json: \$: / },
    { name: 'no clusters member', doc: { cluster: [] }, path: /^s4\.json: \$\.clusters: / },
    { name: 'clusters that is an object', doc: { clusters: { a: cluster({}) } }, path: /^s5\.json: \$\.clusters: / },
    { name: 'a tag value that is a number', doc: { clusters: [cluster({ tags: { ring: 1 } })] }, path: /^s6\.json: \$\.clusters\[0\]\.tags\.ring: / },
  ];
  sameAsWholeDocument.forEach(({ name, doc, path }, i) =>
    it(`${name}: the whole-document message`, () => {
      const text = JSON.stringify(doc);
      const expected = wholeDocumentError(text, `s${i + 1}.json`);
      expect(expected).toMatch(path);
      expect(() => readSnapshotFile(file(`s${i + 1}.json`, text))).toThrow(expected);
    }),
  );

  it('a cluster that is not JSON names its index', () => {
    const path = file('j.json', '{"clusters": [{"id": "x", "kubernetesVersion": "1.30"}, {"id": "y", "kubernetesVersion": }]}');
    expect(() => readSnapshotFile(path)).toThrow(/^.*j\.json: \$\.clusters\[1\]: not valid JSON \(/);
  });

  it('a missing file and a directory', () => {
    expect(() => readSnapshotFile(join(dir, 'none.json'))).toThrow(/none\.json: \$: file not found/);
    expect(() => readSnapshotFile(dir)).toThrow(/: \$: is a directory, not a file/);
  });
});

describe('writePlan: the text of the whole-document output, written cluster by cluster', () => {
  const fleets: { name: string; snapshot: FleetSnapshot; catalog: typeof example.catalog; policy: typeof example.policy; now: Date }[] = [
    { name: 'the examples', ...example, now: NOW },
    { name: 'a generated fleet with duplicate cluster ids', snapshot: (() => { const s = toFleetSnapshot(generateFleet({ clusters: 300, subscriptions: 3, seed: 9 })); return { clusters: [...s.clusters, { ...s.clusters[5]!, extensions: [] }, s.clusters[7]!] }; })(), catalog: toCatalog(generateFleet({ clusters: 1, subscriptions: 1, seed: 9 })), policy: example.policy, now: new Date('2026-01-01T00:00:00Z') },
    { name: 'an empty fleet', snapshot: { clusters: [] }, catalog: example.catalog, policy: example.policy, now: NOW },
  ];
  const filters: (DecisionAction[] | undefined)[] = [undefined, ['upgrade', 'blocked'], ['error']];
  for (const f of fleets)
    for (const only of filters)
      for (const output of ['json', 'table'] as const)
        it(`${f.name}, --output ${output}${only ? ` --only ${only.join(',')}` : ''}`, () => {
          const decisions = planFleet(f.snapshot, f.catalog, f.policy, f.now);
          const shown = only ? decisions.filter((d) => only.includes(d.action)) : decisions;
          const summary = summarize(f.snapshot, decisions);
          const expected = output === 'json' ? `${JSON.stringify({ decisions: shown, summary }, null, 2)}\n` : planTable(f.snapshot, shown, summary);
          let written = '';
          const io = { stdout: (t: string): void => void (written += t), stderr: (): void => undefined, interactive: false };
          const result = writePlan(planByCluster(f.snapshot, f.catalog, f.policy, f.now), { output, clusters: f.snapshot.clusters.length, ...(only ? { only: new Set(only) } : {}), failOn: new Set(['blocked']) }, io);
          expect(written).toBe(expected);
          expect(result.summary).toEqual(summary);
          expect(result.gated).toEqual(decisions.filter((d) => d.action === 'blocked'));
        });
});

describe('plan CLI on a streamed file', () => {
  it('a bad cluster late in the file exits 2 before a byte of the plan is printed', async () => {
    const snapshot = toFleetSnapshot(generateFleet({ clusters: 2000, subscriptions: 3, seed: 4 }));
    const bad = { clusters: [...snapshot.clusters.slice(0, 1500), { ...snapshot.clusters[1500]!, kubernetesVersion: 130 }] };
    const run = await runCli(['plan', '--snapshot', file('late.json', JSON.stringify(bad)), '--catalog', join(EX, 'catalog.json'), '--output', 'json']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^error: .*late\.json: \$\.clusters\[1500\]\.kubernetesVersion: kubernetesVersion must be a string\n$/);
  });
});
