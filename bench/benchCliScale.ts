/**
 * P6: the CLI at a million. A generated snapshot of about 1,000,000 extensions, written cluster by cluster to a file;
 * `plan --output json` and `--output table` each run in their own process (output to a file): peak RSS against 1 GB and
 * wall time against JSON.parse of the same file (also its own process, timed right before). Then 5,000,000 extensions
 * with `--output json` (to /dev/null): its figures are printed, with no target.
 */
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateFleet, toCatalog, toFleetSnapshot } from '../simulator/fleetGenerator';
import type { BenchLine } from './benchReport';

const CLUSTERS_PER_BATCH = 20_000;

/** Writes a snapshot of about `extensions` extensions (5 per cluster on average) batch by batch; returns its counts. */
export function writeSnapshotFile(path: string, catalogPath: string, extensions: number): { extensions: number; clusters: number; bytes: number } {
  const fd = openSync(path, 'w');
  let count = 0;
  let clusters = 0;
  try {
    writeSync(fd, '{"clusters":[');
    for (let batch = 0; clusters * 5 < extensions; batch++) {
      const fleet = generateFleet({ clusters: CLUSTERS_PER_BATCH, subscriptions: 20, seed: 1000 + batch, extensionsPerCluster: [4, 6] });
      if (batch === 0) writeFileSync(catalogPath, JSON.stringify(toCatalog(fleet))); // every batch has the same catalog
      const text = toFleetSnapshot(fleet).clusters.map((c) => {
        count += c.extensions.length;
        return JSON.stringify(c);
      });
      writeSync(fd, `${clusters ? ',' : ''}${text.join(',')}`);
      clusters += fleet.clusters.length;
    }
    writeSync(fd, ']}\n');
  } finally {
    closeSync(fd);
  }
  return { extensions: count, clusters, bytes: statSync(path).size };
}

/** A measured child process: wall time seen from here, peak RSS and CPU reported by the child. */
interface Measured {
  wallMs: number;
  code: number;
  maxRssMB: number;
  cpuMs: number;
}

/** Runs bench/cliProcess in a fresh Node process with stdout to `stdoutPath`. */
function measure(dir: string, mode: 'cli' | 'parse', args: string[], stdoutPath = '/dev/null'): Promise<Measured> {
  const report = join(dir, `report-${Date.now()}-${Math.random()}.json`);
  const out = openSync(stdoutPath, 'w');
  const t = process.hrtime.bigint();
  const child = spawn(process.execPath, [join(__dirname, 'cliProcess.js'), report, mode, ...args], { stdio: ['ignore', out, 'inherit'] });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', () => {
      const wallMs = Number(process.hrtime.bigint() - t) / 1e6;
      closeSync(out);
      try {
        const r = JSON.parse(readFileSync(report, 'utf8')) as Omit<Measured, 'wallMs'>;
        resolve({ wallMs, ...r });
      } catch (error) {
        reject(new Error(`P6 child ${mode} ${args.join(' ')} left no report`, { cause: error }));
      }
    });
  });
}

/** Runs P6 (takes minutes: generates about 1.5 GB of snapshots in a temporary folder, removed at the end). */
export async function benchCliScale(): Promise<BenchLine> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-p6-'));
  try {
    const snapshot = join(dir, 'fleet-1m.json');
    const catalog = join(dir, 'catalog.json');
    const million = writeSnapshotFile(snapshot, catalog, 1_000_000);
    const plan = (file: string, output: string): string[] => ['plan', '--snapshot', file, '--catalog', catalog, '--now', '2026-01-01T00:00:00Z', '--output', output];
    const parse = await measure(dir, 'parse', [snapshot]);
    const json = await measure(dir, 'cli', plan(snapshot, 'json'), join(dir, 'plan.json'));
    const jsonBytes = statSync(join(dir, 'plan.json')).size;
    rmSync(join(dir, 'plan.json'));
    const parse2 = await measure(dir, 'parse', [snapshot]);
    const table = await measure(dir, 'cli', plan(snapshot, 'table'), join(dir, 'plan.txt'));
    const parseMs = Math.min(parse.wallMs, parse2.wallMs);
    rmSync(snapshot);
    const big = join(dir, 'fleet-5m.json');
    const five = writeSnapshotFile(big, join(dir, 'catalog-5m.json'), 5_000_000);
    const json5 = await measure(dir, 'cli', plan(big, 'json'));
    const ratio = Math.max(json.wallMs, table.wallMs) / parseMs;
    const peakMB = Math.max(json.maxRssMB, table.maxRssMB);
    return {
      id: 'P6',
      title: `plan CLI on ${million.extensions} extensions (${(million.bytes / 1e6).toFixed(0)} MB snapshot), slower of json/table: wall vs JSON.parse of the file`,
      ratio,
      comparison: '<=',
      target: 3,
      unit: '×',
      details: {
        extensions: million.extensions,
        parseMs,
        parseRssMB: parse.maxRssMB,
        jsonWallMs: json.wallMs,
        jsonCpuMs: json.cpuMs,
        jsonRssMB: json.maxRssMB,
        jsonOutMB: jsonBytes / 1e6,
        tableWallMs: table.wallMs,
        tableRssMB: table.maxRssMB,
        cpuRatio: Math.max(json.cpuMs, table.cpuMs) / Math.min(parse.cpuMs, parse2.cpuMs),
        fiveMillionExtensions: five.extensions,
        fiveMillionSnapshotMB: five.bytes / 1e6,
        fiveMillionJsonWallMs: json5.wallMs,
        fiveMillionJsonRssMB: json5.maxRssMB,
        fiveMillionExit: json5.code,
      },
      condition: { text: `peak RSS ${peakMB.toFixed(0)} MB <= 1024 MB, exit 0 for all three runs (5M: no target)`, holds: peakMB <= 1024 && json.code === 0 && table.code === 0 && json5.code === 0 },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
