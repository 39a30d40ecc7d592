/** `npm run bench`: every benchmark in one process and one report (printed, and written to bench-report.json). */
import { writeFileSync } from 'node:fs';
import { benchApply } from './benchApply';
import { benchAudit } from './benchAudit';
import { benchCliScale } from './benchCliScale';
import { benchDiscovery } from './benchDiscovery';
import { benchDiscoveryScale } from './benchDiscoveryScale';
import { benchFleetRollout } from './benchFleetRollout';
import { benchFleetScale } from './benchFleetScale';
import { benchMemory } from './benchMemory';
import { benchPlanning } from './benchPlanning';
import { benchStatusPage } from './benchStatusPage';
import { benchRolloutHistory } from './benchRolloutHistory';
import { formatLine, meets, type BenchLine } from './benchReport';

type Section = { id: string; run: () => Promise<BenchLine> | BenchLine };

// P5 runs first: it reads the process's peak RSS, which the later benchmarks would raise.
const SECTIONS: Section[] = [
  { id: 'P5', run: benchMemory },
  { id: 'P1', run: benchDiscovery },
  { id: 'P2', run: benchPlanning },
  { id: 'P3', run: benchApply },
  { id: 'P4', run: benchAudit },
  { id: 'P6', run: benchCliScale },
  { id: 'P7', run: () => benchRolloutHistory(Number(process.env.P7_CLUSTERS) || undefined) },
  { id: 'P8', run: benchDiscoveryScale },
  { id: 'P9', run: benchStatusPage },
  { id: 'P10', run: benchFleetScale },
  { id: 'P11', run: benchFleetRollout },
];

async function run(): Promise<number> {
  const only = process.argv.slice(2).map((s) => s.toUpperCase());
  const lines: BenchLine[] = [];
  process.stdout.write(`k8s-extension-reconciler benchmark (node ${process.version}, ${new Date().toISOString()})\n`);
  for (const section of SECTIONS) {
    if (only.length && !only.includes(section.id)) continue;
    const line = await section.run();
    lines.push(line);
    process.stdout.write(`${formatLine(line)}\n`);
  }
  lines.sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }));
  const report = { node: process.version, at: new Date().toISOString(), lines: lines.map((l) => ({ ...l, meets: meets(l) })) };
  writeFileSync('bench-report.json', `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(`report written to bench-report.json; ${lines.filter(meets).length}/${lines.length} targets met\n`);
  return lines.every(meets) ? 0 : 1;
}

run().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
