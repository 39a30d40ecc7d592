/**
 * Parses the Event Grid events `onClusterEvent` consumes — AKS system events, ARM ResourceWriteSuccess and Resource
 * Notifications CreatedOrUpdated, in the Event Grid schema or the CloudEvents 1.0 schema — into one typed
 * `ClusterEvent`, or a typed rejection. Never throws. Events only say *which* cluster to look at; no version they
 * carry is trusted for a rollout (the handler re-reads the cluster).
 */
import { z } from 'zod';
import { isClusterId } from '../../domain/armId';
import { issueText } from '../../domain/schemas/zodInput';

/** An event about one cluster. */
export interface ClusterEvent {
  eventId: string;
  eventType: string;
  /** ARM id of the cluster, as the event gives it. */
  clusterId: string;
  /** True for announcements (new version available, support ending): recorded and previewed, never rolled out. */
  informational: boolean;
  /** The event's parsed data (known fields only; claims and request details are dropped). */
  data: Record<string, unknown>;
  /** The Kubernetes version an informational event announces (preview only), when it names one. */
  announcedKubernetesVersion?: string;
}

/** Why an event was not accepted. */
export interface ClusterEventRejection {
  reason: 'malformed' | 'unsupported-type' | 'not-a-cluster';
  detail: string;
  eventId?: string;
  eventType?: string;
}

/** The result of parsing one event. */
export type ParsedClusterEvent = { ok: true; event: ClusterEvent } | { ok: false; rejection: ClusterEventRejection };

/** The event types accepted. */
export const CLUSTER_EVENT_TYPES = {
  nodePoolRollingSucceeded: 'Microsoft.ContainerService.NodePoolRollingSucceeded',
  nodePoolRollingFailed: 'Microsoft.ContainerService.NodePoolRollingFailed',
  newKubernetesVersionAvailable: 'Microsoft.ContainerService.NewKubernetesVersionAvailable',
  clusterSupportEnding: 'Microsoft.ContainerService.ClusterSupportEnding',
  clusterSupportEnded: 'Microsoft.ContainerService.ClusterSupportEnded',
  resourceWriteSuccess: 'Microsoft.Resources.ResourceWriteSuccess',
  resourceCreatedOrUpdated: 'Microsoft.ResourceNotifications.Resources.CreatedOrUpdated',
} as const;

/**
 * ARM write operations that name a cluster (not its agent pools or extensions). An AKS on Azure Local upgrade writes the
 * provisioned cluster instance (`{connectedCluster}/providers/Microsoft.HybridContainerService/provisionedClusterInstances/default`),
 * mapped to its connected cluster.
 */
const CLUSTER_WRITE_OPERATIONS = new Set(['microsoft.containerservice/managedclusters/write', 'microsoft.kubernetes/connectedclusters/write', 'microsoft.hybridcontainerservice/provisionedclusterinstances/write']);

/** `{connectedCluster}/providers/Microsoft.HybridContainerService/provisionedClusterInstances/<name>` → the connected cluster's id. */
const PROVISIONED_INSTANCE = /^(\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Kubernetes\/connectedClusters\/[^/]+)\/providers\/Microsoft\.HybridContainerService\/provisionedClusterInstances\/[^/]+$/i;

/** The cluster a resource id names: the id itself, or the connected cluster of an AKS on Azure Local instance. */
export function clusterOfResource(resourceId: string): string {
  return PROVISIONED_INSTANCE.exec(resourceId)?.[1] ?? resourceId;
}

/** Bounds on event fields: an event id, type or name longer than these is malformed (logged and dropped, never stored). */
export const EVENT_LIMITS = { id: 256, type: 256, resourceId: 1024, text: 256 } as const;

// eslint-disable-next-line no-control-regex -- control characters are what the id check refuses
const NO_CONTROL = /^[^\u0000-\u001f\u007f-\u009f]*$/;
const eventId = z.string().min(1).max(EVENT_LIMITS.id, `must be at most ${EVENT_LIMITS.id} characters`).regex(NO_CONTROL, 'must not contain control characters');
const eventType = z.string().min(1).max(EVENT_LIMITS.type, `must be at most ${EVENT_LIMITS.type} characters`);
const resourceText = z.string().max(EVENT_LIMITS.resourceId, `must be at most ${EVENT_LIMITS.resourceId} characters`);
const shortText = z.string().max(EVENT_LIMITS.text, `must be at most ${EVENT_LIMITS.text} characters`);

const eventGridEnvelope = z.object({
  id: eventId,
  topic: resourceText.optional(),
  subject: resourceText,
  eventType,
  eventTime: shortText.min(1),
  data: z.unknown(),
  dataVersion: shortText.optional(),
  metadataVersion: shortText.optional(),
});

const cloudEventEnvelope = z.object({
  specversion: z.literal('1.0'),
  id: eventId,
  source: resourceText.min(1),
  type: eventType,
  subject: resourceText.optional(),
  time: shortText.optional(),
  data: z.unknown(),
});

const version = shortText.min(1);
const dataSchemas = {
  [CLUSTER_EVENT_TYPES.nodePoolRollingSucceeded]: z.object({ nodePoolName: shortText.min(1) }),
  [CLUSTER_EVENT_TYPES.nodePoolRollingFailed]: z.object({ nodePoolName: shortText.min(1) }),
  [CLUSTER_EVENT_TYPES.newKubernetesVersionAvailable]: z.object({
    latestSupportedKubernetesVersion: version,
    latestStableKubernetesVersion: version.optional(),
    lowestMinorKubernetesVersion: version.optional(),
    latestPreviewKubernetesVersion: version.optional(),
  }),
  [CLUSTER_EVENT_TYPES.clusterSupportEnding]: z.object({ kubernetesVersion: version }),
  [CLUSTER_EVENT_TYPES.clusterSupportEnded]: z.object({ kubernetesVersion: version }),
  [CLUSTER_EVENT_TYPES.resourceWriteSuccess]: z.object({
    operationName: shortText.min(1),
    resourceUri: resourceText.min(1).optional(),
    subscriptionId: shortText.optional(),
    resourceGroup: shortText.optional(),
    resourceProvider: shortText.optional(),
    status: shortText.optional(),
    correlationId: shortText.optional(),
  }),
  [CLUSTER_EVENT_TYPES.resourceCreatedOrUpdated]: z.object({
    resourceInfo: z.object({ id: resourceText.min(1), name: shortText.optional(), type: shortText.optional(), location: shortText.optional() }),
    operationalInfo: z.object({ resourceEventTime: shortText.optional() }).optional(),
  }),
} as const;

type SupportedType = keyof typeof dataSchemas;
const isSupported = (t: string): t is SupportedType => Object.prototype.hasOwnProperty.call(dataSchemas, t);

interface Envelope {
  id: string;
  type: string;
  /** Event Grid `topic` or CloudEvents `source`. */
  source: string | undefined;
  subject: string | undefined;
  data: unknown;
}

function envelopeOf(raw: unknown): Envelope | ClusterEventRejection {
  const isCloud = typeof raw === 'object' && raw !== null && 'specversion' in raw;
  if (isCloud) {
    const r = cloudEventEnvelope.safeParse(raw);
    if (!r.success) return malformed('CloudEvent', r.error, raw);
    return { id: r.data.id, type: r.data.type, source: r.data.source, subject: r.data.subject, data: r.data.data };
  }
  const r = eventGridEnvelope.safeParse(raw);
  if (!r.success) return malformed('Event Grid event', r.error, raw);
  return { id: r.data.id, type: r.data.eventType, source: r.data.topic, subject: r.data.subject, data: r.data.data };
}

function malformed(what: string, error: z.ZodError, raw: unknown): ClusterEventRejection {
  const o = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  // what is logged of a malformed event is cut to the limits (a 100 KB id must not reach the log either)
  const id = typeof o.id === 'string' ? clip(o.id, EVENT_LIMITS.id) : undefined;
  const rawType = typeof o.eventType === 'string' ? o.eventType : typeof o.type === 'string' ? o.type : undefined;
  const type = rawType === undefined ? undefined : clip(rawType, EVENT_LIMITS.type);
  return {
    reason: 'malformed',
    detail: `${what}: ${issueText(error)}`,
    ...(id !== undefined ? { eventId: id } : {}),
    ...(type !== undefined ? { eventType: type } : {}),
  };
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length} characters)`;
}

function reject(reason: ClusterEventRejection['reason'], detail: string, e: Envelope): ParsedClusterEvent {
  return { ok: false, rejection: { reason, detail, eventId: e.id, eventType: e.type } };
}

/** Parses one event (Event Grid or CloudEvents schema) into a cluster event or a rejection. Never throws. */
export function parseClusterEvent(raw: unknown): ParsedClusterEvent {
  const e = envelopeOf(raw);
  if ('reason' in e) return { ok: false, rejection: e };
  if (!isSupported(e.type)) return reject('unsupported-type', `event type ${e.type} is not consumed`, e);
  const parsed = dataSchemas[e.type].safeParse(e.data);
  if (!parsed.success) {
    return reject('malformed', `data: ${issueText(parsed.error, ['data'])}`, e);
  }
  const data = parsed.data as Record<string, unknown>;
  let clusterId: string | undefined;
  let informational = false;
  let announced: string | undefined;
  switch (e.type) {
    case CLUSTER_EVENT_TYPES.nodePoolRollingSucceeded:
      clusterId = e.source;
      break;
    case CLUSTER_EVENT_TYPES.nodePoolRollingFailed:
      clusterId = e.source; // recorded and notified (app/nodePoolFailure.ts), never rolled out
      informational = true;
      break;
    case CLUSTER_EVENT_TYPES.newKubernetesVersionAvailable: {
      const d = parsed.data as z.infer<(typeof dataSchemas)[typeof CLUSTER_EVENT_TYPES.newKubernetesVersionAvailable]>;
      clusterId = e.source;
      informational = true;
      announced = d.latestSupportedKubernetesVersion;
      break;
    }
    case CLUSTER_EVENT_TYPES.clusterSupportEnding:
    case CLUSTER_EVENT_TYPES.clusterSupportEnded:
      clusterId = e.source;
      informational = true;
      break;
    case CLUSTER_EVENT_TYPES.resourceWriteSuccess: {
      const d = parsed.data as z.infer<(typeof dataSchemas)[typeof CLUSTER_EVENT_TYPES.resourceWriteSuccess]>;
      if (!CLUSTER_WRITE_OPERATIONS.has(d.operationName.toLowerCase())) return reject('not-a-cluster', `operation ${d.operationName} is not a cluster write`, e);
      clusterId = d.resourceUri ?? e.subject;
      break;
    }
    case CLUSTER_EVENT_TYPES.resourceCreatedOrUpdated: {
      const d = parsed.data as z.infer<(typeof dataSchemas)[typeof CLUSTER_EVENT_TYPES.resourceCreatedOrUpdated]>;
      clusterId = d.resourceInfo.id;
      break;
    }
  }
  if (clusterId === undefined || clusterId === '') return reject('malformed', 'the event names no resource (topic/source/subject)', e);
  clusterId = clusterOfResource(clusterId.replace(/\/+$/, ''));
  if (!isClusterId(clusterId)) return reject('not-a-cluster', `${clusterId} is not a managed, connected or provisioned cluster`, e);
  return {
    ok: true,
    event: { eventId: e.id, eventType: e.type, clusterId, informational, data, ...(announced !== undefined ? { announcedKubernetesVersion: announced } : {}) },
  };
}
