/**
 * Telemetry for orchestrators, replay-safe: every call is dropped while the orchestrator replays, so a metric or span
 * is emitted once, in the episode where its event really happens. Times come from `currentUtcDateTime`.
 */
import type { OrchestrationContext } from 'durable-functions';
import { approvalWaited, ringEnded, rolloutEnded } from './metrics';
import { emitScopeSpan } from './rolloutTrace';

/** What fleetRollout and clusterRollout record. */
export interface OrchestrationTelemetry {
  /** A ring that started at `startedAt` ended now. */
  ringEnded(ring: string, startedAt: Date, outcome: 'completed' | 'halted'): void;
  /** A ring's approval wait that started at `startedAt` ended now. */
  approvalWaited(ring: string, startedAt: Date, outcome: 'approved' | 'timed-out'): void;
  /** The fleet rollout ended now: its duration and its span (the root of the rollout's trace). */
  rolloutEnded(state: 'completed' | 'completed-with-failures' | 'halted', dryRun: boolean, attributes?: Record<string, string | number | boolean>): void;
  /** A cluster rollout ended now: its span (a child of the fleet rollout's span, or the root when it is the rollout). */
  clusterEnded(result: 'succeeded' | 'failed' | 'skipped', attributes?: Record<string, string | number | boolean>): void;
}

/** Telemetry of the orchestration `context` for rollout `rolloutId`; call it first in the orchestrator (it notes the start time). */
export function orchestrationTelemetry(context: OrchestrationContext, rolloutId: string, since?: Date): OrchestrationTelemetry {
  // a rollout that continued as new started before this execution: its start comes with the carried state
  const startedAt = since ?? context.df.currentUtcDateTime;
  const seconds = (since: Date): number => (context.df.currentUtcDateTime.getTime() - since.getTime()) / 1000;
  const live = (): boolean => !context.df.isReplaying;
  return {
    ringEnded(ring, since, outcome) {
      if (live()) ringEnded(ring, outcome, seconds(since));
    },
    approvalWaited(ring, since, outcome) {
      if (live()) approvalWaited(ring, outcome, seconds(since));
    },
    rolloutEnded(state, dryRun, attributes = {}) {
      if (!live()) return;
      rolloutEnded(state, dryRun, seconds(startedAt));
      emitScopeSpan('rollout', { rolloutId }, undefined, startedAt, context.df.currentUtcDateTime, { 'reconciler.state': state, 'reconciler.dry_run': dryRun, ...attributes }, state === 'halted');
    },
    clusterEnded(result, attributes = {}) {
      if (!live()) return;
      const input = context.df.getInput<{ clusterId: string }>();
      const parent = context.df.parentInstanceId ? { rolloutId } : undefined;
      emitScopeSpan('cluster rollout', { rolloutId, clusterId: input.clusterId }, parent, startedAt, context.df.currentUtcDateTime, { 'reconciler.result': result, ...attributes }, result === 'failed');
    },
  };
}
