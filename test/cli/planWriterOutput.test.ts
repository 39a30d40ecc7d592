/**
 * writePlan's text does not depend on how stdout takes it: bytes encoded into buffers (the process's stdout) and
 * strings (tests, the harness) give the same UTF-8, for json and table, with multi-byte names over many flushes.
 */
import { planTable } from '../../src/cli/planTable';
import { writePlan, type PlanWriteOptions } from '../../src/cli/planWriter';
import type { CliIo } from '../../src/cli/cliIo';
import { planByCluster, summarize } from '../../src/domain/plan';
import { defaultPolicy } from '../../src/domain/policySchema';
import type { FleetSnapshot } from '../../src/domain/model';
import { generateFleet, toCatalog, toFleetSnapshot } from '../../simulator/fleetGenerator';

const fleet = generateFleet({ clusters: 3000, subscriptions: 5, seed: 61, extensionsPerCluster: [4, 6] });
const catalog = toCatalog(fleet);
const plain = toFleetSnapshot(fleet);
// names of 1 to 4 UTF-8 bytes a character, so characters straddle the writer's buffer boundaries
const snapshot: FleetSnapshot = { clusters: plain.clusters.map((c, i) => ({ ...c, extensions: c.extensions.map((e, j) => ({ ...e, name: `${e.name}-${['é', '日本', '🚀', 'x'][(i + j) % 4]}` })) })) };
const NOW = new Date('2026-01-01T00:00:00Z');

function written(o: PlanWriteOptions, bytes: boolean): Buffer {
  const parts: Buffer[] = [];
  const io: CliIo = { stdout: (t) => void parts.push(Buffer.from(t, 'utf8')), stderr: () => undefined, interactive: false, ...(bytes ? { stdoutBytes: (b: Uint8Array) => void parts.push(Buffer.from(b)) } : {}) };
  writePlan(planByCluster(snapshot, catalog, defaultPolicy(), NOW), o, io);
  return Buffer.concat(parts);
}

describe('writePlan: the same bytes whether stdout takes bytes or strings', () => {
  it.each([
    ['json', { output: 'json', clusters: snapshot.clusters.length }],
    ['table', { output: 'table', clusters: snapshot.clusters.length }],
    ['table --wide --only upgrade', { output: 'table', clusters: snapshot.clusters.length, wide: true, only: new Set(['upgrade']) }],
  ] as [string, PlanWriteOptions][])('%s', (_name, o) => {
    const asBytes = written(o, true);
    expect(asBytes.length).toBeGreaterThan(1 << 20); // more than one flush
    expect(asBytes.equals(written(o, false))).toBe(true);
  });

  it('table is planTable of the whole plan (rows rendered without the memo)', () => {
    const decisions = [...planByCluster(snapshot, catalog, defaultPolicy(), NOW)].flatMap((r) => r.decisions);
    const summary = summarize(snapshot, decisions);
    for (const wide of [false, true]) expect(written({ output: 'table', clusters: snapshot.clusters.length, wide }, true).toString('utf8')).toBe(planTable(snapshot, decisions, summary, { wide }));
  });

  it('json is JSON.stringify of the whole document, indented by 2', () => {
    const decisions = [...planByCluster(snapshot, catalog, defaultPolicy(), NOW)].flatMap((r) => r.decisions);
    const text = written({ output: 'json', clusters: snapshot.clusters.length }, true).toString('utf8');
    const summary = JSON.parse(text).summary as unknown;
    expect(text).toBe(`${JSON.stringify({ decisions, summary }, null, 2)}\n`);
  });
});
