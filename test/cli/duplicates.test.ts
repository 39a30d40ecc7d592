/**
 * Duplicates are errors (issue 22): two extensions of one name on a cluster, and a duplicate key anywhere in a JSON
 * input (JSON.parse would keep the last silently), are exit 2 naming the path — in compact snapshots (read in runs),
 * pretty-printed ones (read cluster by cluster), policies, catalogs, and request bodies (400).
 */
import fc from 'fast-check';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HttpRequest } from '@azure/functions';
import { z } from 'zod';
import { compactLengthOf, findDuplicateKey } from '../../src/domain/schemas/duplicateKeys';
import { readBody } from '../../src/host/httpResponses';
import { runCli } from './cliHarness';

const dir = mkdtempSync(join(tmpdir(), 'duplicates-'));
const snapshotText = readFileSync('examples/snapshot.json', 'utf8');
const compact = JSON.stringify(JSON.parse(snapshotText));
const pretty = JSON.stringify(JSON.parse(snapshotText), null, 2);
const write = (name: string, text: string): string => {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
};
const plan = (snapshot: string, extra: string[] = []) => runCli(['plan', '--snapshot', snapshot, '--catalog', 'examples/catalog.json', '--now', '2024-06-01T00:00:00Z', ...extra]);

/** The snapshot text with its third cluster's first extension given `"version"` twice. */
function withDuplicateVersion(text: string): string {
  const doc = JSON.parse(text) as { clusters: Array<{ extensions: Array<Record<string, unknown>> }> };
  doc.clusters[2]!.extensions[0]!.version = '__VERSION__';
  return text === pretty ? JSON.stringify(doc, null, 2).replace('"version": "__VERSION__"', '"version": "1.0.0", "version": "9.9.9"') : JSON.stringify(doc).replace('"version":"__VERSION__"', '"version":"1.0.0","version":"9.9.9"');
}

describe('duplicates are user errors naming the path', () => {
  it.each([
    ['compact', compact],
    ['pretty-printed', pretty],
  ])('a %s snapshot with a duplicate key in a cluster', async (_kind, text) => {
    const r = await plan(write(`dup-key-${_kind}.json`, withDuplicateVersion(text)));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: .*dup-key-.*\.json: \$\.clusters\[2\]\.extensions\[0\]\.version: the key "version" appears twice in the same object/);
  });

  it.each([
    ['compact', compact],
    ['pretty-printed', pretty],
  ])('a %s snapshot with two extensions of one name on a cluster (any case): both paths', async (kind, text) => {
    const doc = JSON.parse(text) as { clusters: Array<{ extensions: Array<{ name: string }> }> };
    doc.clusters[1]!.extensions[1]!.name = doc.clusters[1]!.extensions[0]!.name.toUpperCase();
    const r = await plan(write(`dup-name-${kind}.json`, kind === 'compact' ? JSON.stringify(doc) : JSON.stringify(doc, null, 2)));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\$\.clusters\[1\]\.extensions\[1\]\.name: duplicate extension name ".*" on this cluster \(also at \$\.clusters\[1\]\.extensions\[0\]\.name\)/);
  });

  it('a duplicate root key of a snapshot', async () => {
    const r = await plan(write('dup-root.json', compact.replace('{"clusters"', '{"note":"a","note":"b","clusters"')));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\$\.note: the key "note" appears twice/);
  });

  it('a policy whose constraint says "range" twice (the last would win)', async () => {
    const file = write('dup-policy.json', '{"constraints":[{"extensionType":"microsoft.flux","range":"<2.0.0","range":"<99.0.0"}]}');
    const r = await plan('examples/snapshot.json', ['--policy', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: .*dup-policy\.json: \$\.constraints\[0\]\.range: the key "range" appears twice/);
  });

  it('a catalog with a type listed twice', async () => {
    const catalog = readFileSync('examples/catalog.json', 'utf8').replace('"extensionTypes": {', '"extensionTypes": {"microsoft.flux": {"versions": []},');
    const file = write('dup-catalog.json', catalog);
    const r = await runCli(['plan', '--snapshot', 'examples/snapshot.json', '--catalog', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\$\.extensionTypes\["microsoft\.flux"\]: the key "microsoft\.flux" appears twice/);
  });

  it('a request body {"ring":"canary","ring":"prod"} is a 400-style InputError naming $.ring', async () => {
    const request = new HttpRequest({ method: 'POST', url: 'http://localhost/api/x', headers: { 'content-type': 'application/json' }, body: { string: '{"ring":"canary","ring":"prod"}' } });
    await expect(readBody(request, z.object({ ring: z.string() }), false)).rejects.toThrow(/request body: \$\.ring: the key "ring" appears twice/);
  });

  it('unchanged inputs still pass (compact and pretty-printed)', async () => {
    expect((await plan(write('ok-compact.json', compact))).code).toBe(0);
    expect((await plan(write('ok-pretty.json', pretty))).code).toBe(0);
  });
});

describe('the length test the fast path relies on', () => {
  const noNumbers = fc.letrec((tie) => ({
    value: fc.oneof({ depthSize: 'small' }, fc.string(), fc.boolean(), fc.constant(null), fc.array(tie('value'), { maxLength: 4 }), fc.dictionary(fc.string(), tie('value'), { maxKeys: 4 })),
  })).value;
  it('compactLengthOf equals the compact JSON length of values without numbers (escapes aside)', () => {
    fc.assert(fc.property(noNumbers, (v) => {
      const text = JSON.stringify(v);
      if (text.includes('\\')) return; // escapes make the text longer: the tokenizer reads those
      expect(compactLengthOf(v)).toBe(text.length);
    }), { seed: 22, numRuns: 2000 });
  });
  it('the tokenizer finds exactly the duplicates (against a reviver-free reference on random key lists)', () => {
    fc.assert(fc.property(fc.array(fc.constantFrom('a', 'b', 'c', 'd\\"', 'e'), { maxLength: 6 }), (keys) => {
      const text = `{"x":[{${keys.map((k, i) => `"${k}":${i}`).join(',')}}]}`;
      const dup = keys.findIndex((k, i) => keys.indexOf(k) < i);
      const found = findDuplicateKey(text);
      if (dup < 0) expect(found).toBeUndefined();
      else expect(found).toEqual({ key: JSON.parse(`"${keys[dup]}"`), path: ['x', 0, JSON.parse(`"${keys[dup]}"`)] });
    }), { seed: 22, numRuns: 500 });
  });
});
