/**
 * Apply activities: one hop (ARM PATCH + LRO) after a level-triggered re-read, and the health read-back.
 * Transient errors are thrown so the orchestration's retry options retry them; terminal outcomes are returned as data.
 */
import type { ProvisioningState } from '../../domain/model';
import { sameVersion } from '../../domain/versions';
import type { ApplyOutcome } from '../../domain/ports';
import { services } from '../../host/services';
import { clusterInScope } from '../../app/scopeGuard';
import { typedActivity } from '../../host/typedActivity';
import type { RolloutScope } from '../../telemetry/rolloutTrace';
import { throttledAnswer } from '../../azure/shared/retry';

/** The cluster span an apply activity belongs to, when its input names the rollout. */
function clusterTrace(input: { rolloutId?: string; clusterId: string }): RolloutScope | undefined {
  return input.rolloutId !== undefined ? { rolloutId: input.rolloutId, clusterId: input.clusterId } : undefined;
}

/** Input of applyHop: move `extensionName` from `from` to `version`, unless someone else moved it. */
export interface ApplyHopInput {
  clusterId: string;
  extensionName: string;
  from: string;
  version: string;
  dryRun: boolean;
  /** The rollout this hop belongs to (its trace). */
  rolloutId?: string;
}

/** What applyHop did: the writer's outcome, a dry run, or nothing because the extension moved (or vanished) meanwhile. */
export type HopResult = ApplyOutcome | { kind: 'dry-run' } | { kind: 'changed-externally'; installedVersion: string | null };

/** Input of checkHealth. */
export interface CheckHealthInput {
  clusterId: string;
  extensionName: string;
  version: string;
  /** The rollout this read belongs to (its trace). */
  rolloutId?: string;
}

/** Result of one health read: healthy when Succeeded at the target; `terminal` when polling further cannot help. */
export interface HealthResult {
  healthy: boolean;
  terminal: boolean;
  provisioningState: ProvisioningState | null;
  installedVersion: string | null;
  /** The read met 429s beyond the client's retries: nothing is known yet (ARM's Retry-After in ms when it sent one). */
  throttled?: { retryAfterMs?: number };
}

/**
 * Activity applyHop. Re-reads the extension first: already at `version` → succeeded without writing (a re-run after a
 * crash); no longer at `from` → changed-externally, nothing written (never moves an extension back); dry run → dry-run.
 * A 429 that outlived the clients' retries, on the reads as on the write, is `throttled` (nothing written), never thrown.
 */
export const applyHopActivity = typedActivity<ApplyHopInput, HopResult>('applyHop', async (input) => {
  try {
    return await applyHop(input);
  } catch (error) {
    const throttled = throttledAnswer(error);
    if (throttled) return { kind: 'throttled', ...throttled };
    throw error;
  }
}, { trace: clusterTrace });

/** applyHop's body: the scope check, the level-triggered re-read, then the write. */
async function applyHop(input: ApplyHopInput): Promise<HopResult> {
  const { writer, scope, inventory } = services();
  // Scope check before every write: a stale row or a forged input cannot make the writer touch another cluster.
  if (!(await clusterInScope(input.clusterId, scope, inventory))) return { kind: 'failed', errorCode: 'OutsideScope', message: 'the cluster is outside the configured scope: nothing touched' };
  const current = await writer.readExtension(input.clusterId, input.extensionName);
  if (!current) return { kind: 'changed-externally', installedVersion: null };
  if (!input.dryRun && sameVersion(current.version, input.version)) return { kind: 'succeeded', installedVersion: current.version };
  if (!sameVersion(current.version, input.from)) return { kind: 'changed-externally', installedVersion: current.version };
  if (input.dryRun) return { kind: 'dry-run' };
  return writer.applyHop({ clusterId: input.clusterId, extensionName: input.extensionName, version: input.version });
}

/**
 * Activity checkHealth: reads the extension back; healthy when provisioningState is Succeeded at the target version.
 * A read throttled beyond the client's retries answers `throttled` (not healthy, not terminal) instead of throwing.
 */
export const checkHealthActivity = typedActivity<CheckHealthInput, HealthResult>('checkHealth', async (input) => {
  let current;
  try {
    current = await services().writer.readExtension(input.clusterId, input.extensionName);
  } catch (error) {
    const throttled = throttledAnswer(error);
    if (!throttled) throw error;
    return { healthy: false, terminal: false, provisioningState: null, installedVersion: null, throttled: throttled.retryAfterMs === undefined ? {} : { retryAfterMs: throttled.retryAfterMs } };
  }
  if (!current) return { healthy: false, terminal: true, provisioningState: null, installedVersion: null };
  const atTarget = sameVersion(current.version, input.version);
  const state = current.provisioningState;
  return {
    healthy: state === 'Succeeded' && atTarget,
    terminal: state === 'Failed' || state === 'Canceled' || state === 'Deleting' || (state === 'Succeeded' && !atTarget),
    provisioningState: state,
    installedVersion: current.version,
  };
}, { trace: clusterTrace });
