/**
 * The app's metrics: documented names and attributes (README "Operate"), recorded through the global OpenTelemetry
 * meter. Nothing is exported unless a meter provider is installed (startTelemetry in Azure, an in-memory one in tests);
 * without one every call is a no-op. Callers record each real event once: activities and adapters, or orchestrators
 * guarded by `isReplaying` (see orchestrationTelemetry).
 */
import { metrics, type Counter, type Histogram, type MeterProvider } from '@opentelemetry/api';
import type { AuditRecord } from '../domain/ports';

/** Name of the meter (and of the tracer) every instrument belongs to. */
export const METER_NAME = 'k8s-extension-reconciler';

/** Metric names; attributes in brackets. */
export const METRIC = {
  /** Counter: decisions planned [action, code]. */
  decisions: 'reconciler.decisions',
  /** Counter: hops applied or failed [outcome applied|failed, code, extension_type, ring]. */
  hops: 'reconciler.hops',
  /** Counter: rollouts halted [code, ring]. */
  halts: 'reconciler.halts',
  /** Histogram (s): a fleet rollout from start to end [state completed|halted, dry_run]. */
  rolloutDuration: 'reconciler.rollout.duration',
  /** Histogram (s): one ring from its start (approval included) to its end [ring, outcome completed|halted]. */
  ringDuration: 'reconciler.ring.duration',
  /** Histogram (s): time a ring waited for its approval [ring, outcome approved|timed-out]. */
  approvalWait: 'reconciler.approval.wait',
  /** Counter: 429/5xx answers from Azure that are retried (or end the retries) [service arm|resource-graph|tables, status_code]. */
  azureRetries: 'reconciler.azure.retries',
  /** Counter: rows or events that could not be written after retries [target audit|cluster-state|notification]. */
  writeFailures: 'reconciler.write.failures',
} as const;

/** Services named in `reconciler.azure.retries`. */
export type AzureService = 'arm' | 'resource-graph' | 'tables';

/** Targets named in `reconciler.write.failures`. */
export type WriteTarget = 'audit' | 'cluster-state' | 'notification';

type Attributes = Record<string, string | number | boolean>;

interface Instruments {
  decisions: Counter;
  hops: Counter;
  halts: Counter;
  rolloutDuration: Histogram;
  ringDuration: Histogram;
  approvalWait: Histogram;
  azureRetries: Counter;
  writeFailures: Counter;
}

let cache: { provider: MeterProvider; instruments: Instruments } | undefined;

/** The instruments of the provider installed now (rebuilt when another provider is installed). */
function instruments(): Instruments {
  const provider = metrics.getMeterProvider();
  if (cache?.provider === provider) return cache.instruments;
  const meter = provider.getMeter(METER_NAME);
  const seconds = { unit: 's' };
  const built: Instruments = {
    decisions: meter.createCounter(METRIC.decisions, { description: 'Decisions planned, by action and reason code.' }),
    hops: meter.createCounter(METRIC.hops, { description: 'Hops applied or failed, by extension type and ring.' }),
    halts: meter.createCounter(METRIC.halts, { description: 'Rollouts halted, by reason code.' }),
    rolloutDuration: meter.createHistogram(METRIC.rolloutDuration, { ...seconds, description: 'Duration of a fleet rollout.' }),
    ringDuration: meter.createHistogram(METRIC.ringDuration, { ...seconds, description: 'Duration of one ring, approval wait included.' }),
    approvalWait: meter.createHistogram(METRIC.approvalWait, { ...seconds, description: 'Time a ring waited for its approval.' }),
    azureRetries: meter.createCounter(METRIC.azureRetries, { description: '429 and 5xx answers from Azure, by service.' }),
    writeFailures: meter.createCounter(METRIC.writeFailures, { description: 'Audit rows, state rows and notifications not written after retries.' }),
  };
  cache = { provider, instruments: built };
  return built;
}

/** Adds 1 per item to `counter`, grouped by the attributes `key` gives (one `add` per distinct attribute set). */
function addGrouped<T>(counter: Counter, items: readonly T[], key: (item: T) => Attributes): void {
  const groups = new Map<string, { attributes: Attributes; count: number }>();
  for (const item of items) {
    const attributes = key(item);
    const id = JSON.stringify(attributes);
    const group = groups.get(id) ?? { attributes, count: 0 };
    group.count++;
    groups.set(id, group);
  }
  for (const { attributes, count } of groups.values()) counter.add(count, attributes);
}

/** Records the decisions of one plan (`reconciler.decisions`). */
export function decisionsMade(decisions: readonly { action: string; code: string }[]): void {
  if (decisions.length > 0) addGrouped(instruments().decisions, decisions, (d) => ({ action: d.action, code: d.code }));
}

/** Records what audit rows tell once written: hops applied / failed (`reconciler.hops`) and halts (`reconciler.halts`). */
export function auditRecorded(rows: readonly AuditRecord[]): void {
  const hops = rows.filter((r) => r.kind === 'applied' || r.kind === 'failed');
  const halts = rows.filter((r) => r.kind === 'halted');
  if (hops.length > 0) addGrouped(instruments().hops, hops, (r) => ({ outcome: r.kind, code: r.code, extension_type: r.extensionType, ring: r.ring ?? '' }));
  if (halts.length > 0) addGrouped(instruments().halts, halts, (r) => ({ code: r.code, ring: r.ring ?? '' }));
}

/** Records the end of a fleet rollout (`reconciler.rollout.duration`). */
export function rolloutEnded(state: 'completed' | 'completed-with-failures' | 'halted', dryRun: boolean, seconds: number): void {
  instruments().rolloutDuration.record(Math.max(0, seconds), { state, dry_run: dryRun });
}

/** Records the end of a ring (`reconciler.ring.duration`). */
export function ringEnded(ring: string, outcome: 'completed' | 'halted', seconds: number): void {
  instruments().ringDuration.record(Math.max(0, seconds), { ring, outcome });
}

/** Records an approval wait (`reconciler.approval.wait`). */
export function approvalWaited(ring: string, outcome: 'approved' | 'timed-out', seconds: number): void {
  instruments().approvalWait.record(Math.max(0, seconds), { ring, outcome });
}

/** Records one 429/5xx answer from Azure (`reconciler.azure.retries`). */
export function azureRetried(service: AzureService, statusCode: number | undefined): void {
  instruments().azureRetries.add(1, { service, status_code: statusCode ?? 0 });
}

/** Records `count` rows or events not written after retries (`reconciler.write.failures`). */
export function writeFailed(target: WriteTarget, count: number): void {
  if (count > 0) instruments().writeFailures.add(count, { target });
}

/** Runs `write`; when it throws (after its own retries), records `count` write failures of `target` and rethrows. */
export async function countingWriteFailures<T>(target: WriteTarget, count: number, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    writeFailed(target, count);
    throw error;
  }
}
