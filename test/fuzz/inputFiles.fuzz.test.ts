/**
 * Fuzzing of the input files: parseSnapshot/parseCatalog/parsePolicy and the CLI `plan` on arbitrary and mutated JSON.
 * Either success or an InputError / exit 2 with `input: $.path: problem` and no stack; never exit 1; planFleet never
 * throws on a snapshot that parsed.
 */
import fc from 'fast-check';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isInputError } from '../../src/domain/inputError';
import { planFleet } from '../../src/domain/plan';
import { parseCatalog } from '../../src/domain/schemas/catalogSchema';
import { parsePolicy } from '../../src/domain/schemas/policySchema';
import { parseSnapshot } from '../../src/domain/schemas/snapshotSchema';
import { runCli } from '../cli/cliHarness';
import { hostileJson, mutated } from './jsonMutation';

const SEED = 777001;
const EX = join(__dirname, '..', '..', 'examples');
const example = (name: string): unknown => JSON.parse(readFileSync(join(EX, `${name}.json`), 'utf8'));
const SNAPSHOT = example('snapshot');
const CATALOG = example('catalog');
const POLICY = example('policy');
const NOW = new Date('2024-11-25T00:00:00Z');

/** Runs `parse`; returns the value, or checks the InputError shape and returns undefined. Any other throw fails. */
function parsedOrInputError<T>(parse: () => T, input: string): T | undefined {
  try {
    return parse();
  } catch (error) {
    if (!isInputError(error)) throw error;
    expect(error.input).toBe(input);
    expect(error.path).toMatch(/^\$/);
    expect(error.problem.length).toBeGreaterThan(0);
    expect(error.message).toBe(`${input}: ${error.path}: ${error.problem}`);
    return undefined;
  }
}

const parsers = [
  ['snapshot', SNAPSHOT, (v: unknown) => parseSnapshot(v, 'snapshot.json')],
  ['catalog', CATALOG, (v: unknown) => parseCatalog(v, 'catalog.json')],
  ['policy', POLICY, (v: unknown) => parsePolicy(v, 'policy.json')],
] as const;

describe('input file schemas under fuzzing', () => {
  it.each(parsers)('%s: arbitrary and mutated JSON → value or InputError(input, $.path, problem)', (name, doc, parse) => {
    let ok = 0;
    let refused = 0;
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), hostileJson, mutated(doc), mutated(doc, 1)), (value) => {
        const r = parsedOrInputError(() => parse(value), `${name}.json`);
        if (r === undefined) refused++;
        else ok++;
      }),
      { seed: SEED, numRuns: 1500 },
    );
    expect(ok).toBeGreaterThan(10);
    expect(refused).toBeGreaterThan(100);
  });

  it('planFleet never throws on any snapshot, catalog and policy that parsed', () => {
    let planned = 0;
    fc.assert(
      fc.property(mutated(SNAPSHOT, 4), mutated(CATALOG, 2), fc.boolean(), (snap, cat, mutateCatalog) => {
        const snapshot = parsedOrInputError(() => parseSnapshot(snap, 's'), 's');
        const catalog = parsedOrInputError(() => parseCatalog(mutateCatalog ? cat : CATALOG, 'c'), 'c');
        if (!snapshot || !catalog) return;
        const decisions = planFleet(snapshot, catalog.catalog, parsePolicy(POLICY, 'p'), NOW);
        planned++;
        expect(decisions.length).toBe(snapshot.clusters.reduce((n, c) => n + c.extensions.length, 0));
      }),
      { seed: SEED + 1, numRuns: 1500 },
    );
    expect(planned).toBeGreaterThan(100);
  });
});

describe('CLI plan on fuzzed files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fuzz-cli-'));
  const write = (name: string, value: unknown, raw: boolean): string => {
    const path = join(dir, name);
    writeFileSync(path, raw ? String(value) : (JSON.stringify(value) ?? 'undefined'));
    return path;
  };

  it('exits 0, or 2 with `error: <file>: $.path: problem` and no stack; never 1', async () => {
    const codes = new Set<number>();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(0, 1, 2),
        fc.oneof(
          { weight: 6, arbitrary: fc.constant(undefined) },
          { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
        ),
        fc.integer({ min: 0, max: 2 }).chain((i) => mutated([SNAPSHOT, CATALOG, POLICY][i], 3).map((v) => [i, v] as const)),
        async (which, rawText, [target, value]) => {
          const docs = [SNAPSHOT, CATALOG, POLICY];
          docs[target] = value;
          const names = ['snapshot.json', 'catalog.json', 'policy.json'];
          const paths = names.map((n, i) => write(n, rawText !== undefined && i === which ? rawText : docs[i], rawText !== undefined && i === which));
          const run = await runCli(['plan', '--snapshot', paths[0]!, '--catalog', paths[1]!, '--policy', paths[2]!, '--now', '2024-11-25T00:00:00Z', '--output', 'json']);
          codes.add(run.code);
          expect([0, 2]).toContain(run.code);
          expect(run.stderr).not.toMatch(/\n\s+at /);
          expect(run.stderr).not.toContain('internal error');
          if (run.code === 2) expect(run.stderr).toMatch(/^error: \S+\.json: \$\S*: \S/);
          else JSON.parse(run.stdout);
        },
      ),
      { seed: SEED + 2, numRuns: 250 },
    );
    expect([...codes].sort()).toEqual([0, 2]);
  });
});
