/** P5's child process: parse and plan the 100k fleet, then print peak RSS (MB) as JSON on stdout. */
import { planFleet } from '../src/domain/plan';
import { defaultPolicy } from '../src/domain/policySchema';
import { parseSnapshot } from '../src/domain/schemas/snapshotSchema';
import { parseJsonText } from '../src/domain/schemas/zodInput';
import { syntheticFleet } from './benchPlanning';

const { text, catalog, count } = syntheticFleet(100_000);
const snapshot = parseSnapshot(parseJsonText(text, 'bench'), 'bench');
const decisions = planFleet(snapshot, catalog, defaultPolicy(), new Date('2026-01-01T00:00:00Z'));
process.stdout.write(JSON.stringify({ extensions: count, decisions: decisions.length, peakRssMB: process.resourceUsage().maxRSS / 1024 }));
