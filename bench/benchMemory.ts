/** P5: peak RSS of generating, parsing and planning the 100k-extension fleet, in a fresh process. */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { BenchLine } from './benchReport';

/** Runs P5 in a child process so the other benchmarks' memory does not count. */
export function benchMemory(): BenchLine {
  const out = execFileSync(process.execPath, [join(__dirname, 'planChild.js')], { encoding: 'utf8' });
  const r = JSON.parse(out) as { extensions: number; decisions: number; peakRssMB: number };
  return { id: 'P5', title: `peak RSS planning ${r.extensions} extensions`, ratio: r.peakRssMB, comparison: '<=', target: 300, unit: ' MB', details: r };
}
