/**
 * P5: peak RSS of generating, parsing and planning the 100k-extension fleet. Runs first in the benchmark process, so the
 * process's peak (resourceUsage().maxRSS) is this work's peak plus the loaded modules, not the other benchmarks'.
 */
import { planFleet } from '../src/domain/plan';
import { defaultPolicy } from '../src/domain/policySchema';
import { parseSnapshot } from '../src/domain/schemas/snapshotSchema';
import { parseJsonText } from '../src/domain/schemas/zodInput';
import { syntheticFleet } from './benchPlanning';
import type { BenchLine } from './benchReport';

/** Runs P5; call before any other benchmark. */
export function benchMemory(): BenchLine {
  const baselineMB = process.memoryUsage().rss / 1024 / 1024;
  const { text, catalog, count } = syntheticFleet(100_000);
  const snapshot = parseSnapshot(parseJsonText(text, 'bench'), 'bench');
  const decisions = planFleet(snapshot, catalog, defaultPolicy(), new Date('2026-01-01T00:00:00Z'));
  const peakRssMB = process.resourceUsage().maxRSS / 1024;
  return {
    id: 'P5',
    title: `peak RSS generating, parsing and planning ${count} extensions`,
    ratio: peakRssMB,
    comparison: '<=',
    target: 300,
    unit: ' MB',
    details: { extensions: count, decisions: decisions.length, snapshotMB: text.length / 1e6, rssBeforeMB: baselineMB, peakRssMB },
  };
}
