/**
 * Runs a soak history on a fresh world: each step, then the invariants; after the last step the faults stop and the
 * fleet must converge to the oracle's plan within a bounded number of timer passes. `shrink` cuts a failing history
 * down (delta debugging, ddmin) to fewer steps that still fail the same way.
 */
import type { Policy } from '../src/domain/model';
import { runDiscoverFleet } from '../src/functions/discoverFleet';
import { applyStep } from './applyStep';
import { auditRows, before, checkRecords, checkWrites, newLedger, oracleCatalog, touched, type Ledger } from './invariants';
import { oraclePlan } from './oracle';
import type { SoakStep } from './soakSteps';
import { startSoakWorld, type SoakWorld } from './soakWorld';

/** Timer passes the fleet gets to converge once the faults stop. */
export const CONVERGENCE_PASSES = 4;

/** How a soak run ended: every step and the convergence held, or the first step whose checks failed. */
export interface SoakResult {
  steps: number;
  /** Index of the failing step; `steps` when convergence failed. */
  violation?: { step: number; problems: string[] };
  appErrors: number;
  /** Writes the simulator completed over the run (convergence included). */
  writes?: number;
}

/** Options of a run. */
export interface SoakOptions {
  clusters?: number;
  /** Called after each step (progress). */
  onStep?: (n: number, step: SoakStep) => void;
}

/** Runs `steps` (the history of `seed`) on a fresh world and checks the invariants after each. */
export async function runSoak(seed: number, steps: readonly SoakStep[], options: SoakOptions = {}): Promise<SoakResult> {
  const soak = await startSoakWorld(seed, options.clusters);
  let appErrors = 0;
  try {
    const ledger = newLedger(soak);
    for (const [n, step] of steps.entries()) {
      const b = await before(soak);
      try {
        await applyStep(soak, step, n);
      } catch {
        // an entry point answering an error (storage down, a faulted call) is the app's business; the checks judge it
        appErrors++;
      }
      remember(soak, ledger, step);
      const rows = await auditRows(soak);
      const problems = [...checkWrites(soak, b, ledger, rows), ...checkRecords(soak, ledger, rows)];
      options.onStep?.(n, step);
      if (problems.length > 0) return { steps: n + 1, violation: { step: n, problems }, appErrors, writes: soak.world.sim.counters().writesApplied.length };
    }
    const problems = await converge(soak, ledger);
    const writes = soak.world.sim.counters().writesApplied.length;
    return problems.length > 0 ? { steps: steps.length, violation: { step: steps.length, problems }, appErrors, writes } : { steps: steps.length, appErrors, writes };
  } finally {
    await soak.close();
  }
}

/** Steps that make a hop legitimately due again bump the ledger's epochs. */
function remember(soak: SoakWorld, ledger: Ledger, step: SoakStep): void {
  if (step.kind === 'hold-clear') touched(ledger);
  if (step.kind === 'drift') {
    const clusters = soak.world.sim.fleet.clusters;
    const c = clusters[step.cluster % clusters.length]!;
    const x = c.extensions[step.extension % Math.max(1, c.extensions.length)];
    if (x) touched(ledger, c.id, x.name);
  }
}

/** Approves whatever ring the fleet rollout waits for, then drives; a few times. */
async function approveWaiting(soak: SoakWorld): Promise<void> {
  for (let i = 0; i < 6; i++) {
    const status = await soak.harness.status('fleet-rollout');
    if ((status.customStatus as { state?: string } | undefined)?.state !== 'waiting-approval') return;
    await applyStep(soak, { kind: 'approve', variant: 'valid' }, -1);
  }
}

/**
 * Faults stop (ARM faults cleared, stalls released, outages over, freezes and windows lifted, failed-version holds
 * cleared), the clock moves past any wait, then up to CONVERGENCE_PASSES timer passes; the oracle's plan (with the
 * app's reconciled versions) must then hold no move.
 */
async function converge(soak: SoakWorld, ledger: Ledger): Promise<string[]> {
  await applyStep(soak, { kind: 'heal' }, -1);
  soak.world.receiver.setDown(false);
  soak.world.services.policy = { ...soak.world.services.policy, rollout: { ...withoutWaits(soak.world.services.policy.rollout), freezes: [] } };
  await applyStep(soak, { kind: 'hold-clear' }, -1);
  touched(ledger);
  await applyStep(soak, { kind: 'clock', hours: 24 }, -1);
  let left: string[] = [];
  for (let pass = 0; pass < CONVERGENCE_PASSES; pass++) {
    const b = await before(soak);
    await runDiscoverFleet(soak.deps);
    await soak.drive();
    await approveWaiting(soak);
    const rows = await auditRows(soak);
    const problems = [...checkWrites(soak, b, ledger, rows), ...checkRecords(soak, ledger, rows)];
    if (problems.length > 0) return problems;
    left = await movesLeft(soak);
    if (left.length === 0) return [];
    await applyStep(soak, { kind: 'clock', hours: 6 }, -1);
  }
  return [`the fleet did not converge within ${CONVERGENCE_PASSES} timer passes after the faults stopped; the oracle still plans: ${left.slice(0, 8).join('; ')}`];
}

function withoutWaits(rollout: Policy['rollout']): Policy['rollout'] {
  return { ...rollout, maintenanceWindows: [] };
}

/** The oracle's moves for the fleet as it is, with the reconciled versions the app keeps. */
async function movesLeft(soak: SoakWorld): Promise<string[]> {
  const snapshot = soak.world.sim.snapshot();
  const states = await soak.world.services.state.get(snapshot.clusters.map((c) => c.id));
  const clusters = snapshot.clusters.map((c) => {
    const reconciled = (states.get(c.id) ?? states.get(c.id.toLowerCase()))?.reconciledKubernetesVersion;
    return reconciled ? { ...c, reconciledKubernetesVersion: reconciled } : c;
  });
  const plan = oraclePlan({ snapshot: { clusters }, catalog: oracleCatalog(soak.world.sim.fleet), policy: soak.world.services.policy, now: soak.harness.now });
  return plan.filter((d) => d.action === 'upgrade').map((d) => `${d.clusterId} ${d.extensionName} ${d.from} → ${d.to} (${d.code})`);
}

/** The kind of a violation (its first problem's sentence up to the colon): a shrunk history must fail the same way. */
export function violationKind(result: SoakResult): string | undefined {
  return result.violation?.problems[0]?.split(':')[0];
}

/**
 * ddmin over the step indices of a failing history: removes chunks while the run still fails with the same kind of
 * violation; at most `budget` runs. Returns the indices kept.
 */
export async function shrink(seed: number, steps: readonly SoakStep[], kind: string, options: SoakOptions & { budget?: number; onTry?: (kept: number) => void } = {}): Promise<number[]> {
  let kept = steps.map((_, i) => i);
  let chunks = 2;
  let runs = 0;
  const budget = options.budget ?? 60;
  const fails = async (indices: number[]): Promise<boolean> => {
    runs++;
    options.onTry?.(indices.length);
    const result = await runSoak(seed, indices.map((i) => steps[i]!), { ...(options.clusters ? { clusters: options.clusters } : {}) });
    return violationKind(result) === kind;
  };
  while (kept.length >= 2 && runs < budget) {
    const size = Math.ceil(kept.length / chunks);
    let reduced = false;
    for (let start = 0; start < kept.length && runs < budget; start += size) {
      const complement = [...kept.slice(0, start), ...kept.slice(start + size)];
      if (complement.length > 0 && (await fails(complement))) {
        kept = complement;
        chunks = Math.max(chunks - 1, 2);
        reduced = true;
        break;
      }
    }
    if (!reduced) {
      if (chunks >= kept.length) break;
      chunks = Math.min(kept.length, chunks * 2);
    }
  }
  return kept;
}
