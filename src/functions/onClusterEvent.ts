/**
 * Event Grid `onClusterEvent`: an event only says *which* cluster to look at. The handler checks scope, re-reads the
 * cluster live, and starts the cluster rollout when its Kubernetes minor is above the reconciled one. Malformed and
 * out-of-scope events are logged and dropped (never thrown); a transient Azure error is thrown so Event Grid retries.
 */
import { app, type EventGridEvent, type InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import { CLUSTER_EVENT_TYPES, parseClusterEvent, type ClusterEvent } from '../azure/eventGrid/clusterEvents';
import { notifyNodePoolFailure } from '../app/nodePoolFailure';
import { planSnapshot, readStates } from '../app/snapshot';
import { eventRow } from '../domain/auditRows';
import type { ClusterSnapshot } from '../domain/model';
import type { ReasonCode } from '../domain/reasonCodes';
import { otherRolloutInFlight } from '../domain/reconcile';
import { assignRings } from '../domain/rollout';
import { triggerLabel } from '../domain/rolloutTrigger';
import { compareLines, lineOf, parseKubernetesVersion } from '../domain/versions';
import { hostDeps, type HandlerDeps } from '../host/durableStarter';
import { clusterInScope } from '../app/scopeGuard';
import { clusterRolloutInstanceId, ORCHESTRATIONS, type ClusterRolloutInput } from '../host/rolloutContracts';
import type { Services } from '../host/services';

/** What the handler did with one event. */
export interface ClusterEventOutcome {
  action: 'dropped' | 'ignored' | 'recorded' | 'started' | 'already-running' | 'already-done';
  code: ReasonCode;
  detail: string;
  clusterId?: string;
  instanceId?: string;
  rolloutId?: string;
}

/** The preview sentence of an announced Kubernetes version: what planning at that version would move. */
export async function previewUpgrade(svc: Services, cluster: ClusterSnapshot, announced: string, now: Date): Promise<string> {
  const target = parseKubernetesVersion(announced);
  if (!target) return `announced Kubernetes version "${announced}" is not X.Y or X.Y.Z: no preview`;
  const snapshot = { clusters: [{ ...cluster, kubernetesVersion: announced, reconciledKubernetesVersion: cluster.kubernetesVersion }] };
  const { decisions } = await planSnapshot(snapshot, svc, now);
  const moves = decisions.filter((d) => d.action === 'upgrade' && d.to !== null);
  const list = moves.map((d) => `${d.extensionName} ${d.from} → ${d.to ?? ''}`).join(', ');
  return `upgrading to ${lineOf(target)} would move ${moves.length === 0 ? 'no extension' : list}`;
}

/** Handles one raw event (either schema). Returns what it did; throws only for transient Azure errors. */
export async function handleClusterEvent(raw: unknown, deps: HandlerDeps): Promise<ClusterEventOutcome> {
  const parsed = parseClusterEvent(raw);
  if (!parsed.ok) {
    const { reason, detail, eventId, eventType } = parsed.rejection;
    const code: ReasonCode = reason === 'malformed' ? 'event-malformed' : 'event-ignored';
    deps.log.warn(reason === 'malformed' ? 'event malformed: dropped' : 'event not about a cluster: dropped', { code, reason, detail, eventId, eventType });
    return { action: 'dropped', code, detail: `${reason}: ${detail}` };
  }
  const event = parsed.event;
  const svc = deps.services();
  const now = deps.now();
  const trigger = triggerLabel({ kind: 'event', eventId: event.eventId, eventType: event.eventType });
  const audit = (code: ReasonCode, reason: string, rolloutId = `event-${event.eventId}`): Promise<void> =>
    svc.audit.append([eventRow({ rolloutId, trigger, at: now.toISOString() }, event.clusterId, code, reason)]);
  const meta = { eventId: event.eventId, eventType: event.eventType, clusterId: event.clusterId };
  const done = async (action: ClusterEventOutcome['action'], code: ReasonCode, detail: string, extra: Partial<ClusterEventOutcome> = {}): Promise<ClusterEventOutcome> => {
    if (action === 'ignored' || action === 'recorded' || action === 'started') await audit(code, detail, extra.rolloutId);
    deps.log.info(`event ${action}`, { ...meta, code, detail, ...extra });
    return { action, code, detail, clusterId: event.clusterId, ...extra };
  };

  if (!(await clusterInScope(event.clusterId, svc.scope, svc.inventory))) return done('ignored', 'outside-scope', `${event.eventType}: cluster is outside the configured scope; event dropped`);
  if (event.eventType === CLUSTER_EVENT_TYPES.nodePoolRollingFailed) return done('recorded', 'node-pool-rolling-failed', await notifyNodePoolFailure(svc, event, now));

  const cluster = await svc.clusters.readCluster(event.clusterId); // a transient error propagates: Event Grid retries
  if (!cluster) return done('ignored', 'event-ignored', `${event.eventType}: cluster not found; event dropped`);

  if (event.informational) return done('ignored', 'event-ignored', await informationalReason(svc, event, cluster, now));
  return reconcileOnEvent(svc, deps, event, cluster, now, done);
}

async function informationalReason(svc: Services, event: ClusterEvent, cluster: ClusterSnapshot, now: Date): Promise<string> {
  const head = `${event.eventType} (cluster on Kubernetes ${cluster.kubernetesVersion})`;
  if (event.announcedKubernetesVersion === undefined) return `${head}: recorded`;
  return `${head}: ${await previewUpgrade(svc, cluster, event.announcedKubernetesVersion, now)}`;
}

type Done = (action: ClusterEventOutcome['action'], code: ReasonCode, detail: string, extra?: Partial<ClusterEventOutcome>) => Promise<ClusterEventOutcome>;

async function reconcileOnEvent(svc: Services, deps: HandlerDeps, event: ClusterEvent, cluster: ClusterSnapshot, now: Date, done: Done): Promise<ClusterEventOutcome> {
  const current = parseKubernetesVersion(cluster.kubernetesVersion);
  if (!current) return done('ignored', 'event-ignored', `Kubernetes version "${cluster.kubernetesVersion}" is not X.Y or X.Y.Z; event dropped`);
  const state = (await readStates(svc.state, { clusters: [cluster] }))(event.clusterId);
  const reconciledText = state?.reconciledKubernetesVersion;
  const reconciled = reconciledText === undefined ? null : parseKubernetesVersion(reconciledText);
  if (!reconciled) {
    await svc.state.put({ ...(state ?? {}), clusterId: event.clusterId, lastSeenKubernetesVersion: cluster.kubernetesVersion, updatedAt: now.toISOString() });
    return done('recorded', 'event-accepted', `first sight at Kubernetes ${cluster.kubernetesVersion}: recorded; the timer reconciles it`);
  }
  if (compareLines(current, reconciled) <= 0) {
    return done('ignored', 'event-ignored', `Kubernetes ${lineOf(current)} is not above the reconciled ${lineOf(reconciled)}: nothing to do`);
  }
  const instanceId = clusterRolloutInstanceId(event.clusterId, cluster.kubernetesVersion);
  const existing = await deps.starter.status(instanceId);
  if (existing.runtimeStatus === 'Completed') return done('already-done', 'event-accepted', 'the cluster rollout for this version already completed', { instanceId });
  const busy = otherRolloutInFlight(state, now, instanceId);
  if (busy !== undefined) {
    return done('ignored', 'rollout-in-flight', `rollout ${busy} is working on the cluster; the upgrade window stays open and the next discovery pass rolls it out`, { instanceId: busy });
  }
  const ring = assignRings([{ clusterId: cluster.id, tags: cluster.tags }], svc.policy.rollout)[0]?.ring.name ?? svc.policy.rollout.defaultRing.name;
  const rolloutId = `${instanceId}-${now.toISOString()}`;
  const input: ClusterRolloutInput = {
    rolloutId,
    clusterId: event.clusterId,
    ring,
    trigger: { kind: 'event', eventId: event.eventId, eventType: event.eventType },
    dryRun: svc.dryRun,
  };
  const result = await deps.starter.start(ORCHESTRATIONS.cluster, instanceId, input);
  if (result === 'already-running') return done('already-running', 'event-accepted', 'the cluster rollout for this version is already running', { instanceId });
  return done('started', 'event-accepted', `Kubernetes ${lineOf(reconciled)} → ${lineOf(current)}: cluster rollout started`, { instanceId, rolloutId });
}

/** The registered Event Grid handler (both schemas arrive here). */
export async function onClusterEventHandler(event: EventGridEvent, context: InvocationContext): Promise<void> {
  await handleClusterEvent(event, hostDeps(context));
}

app.eventGrid('onClusterEvent', { extraInputs: [df.input.durableClient()], handler: onClusterEventHandler });
