import type { SimCluster, SimExtension } from './types';
import type { SimOperation, SimState } from './simState';
import type { SimResponse } from './simResponse';
import { armError } from './simResponse';
import { extensionBody, extensionId, isManaged } from './armBodies';
import { completeOperation, plannedOutcome } from './completeOperation';

const PATCHABLE = new Set(['version', 'autoUpgradeMinorVersion', 'autoUpgradeMode', 'releaseTrain', 'configurationSettings', 'configurationProtectedSettings']);
const MODES = new Set(['none', 'patch', 'compatible']);
const BUSY = new Set(['Updating', 'Creating', 'Deleting']);

/**
 * `PUT|PATCH|DELETE P/{name}`: per-subscription token bucket (429), 409 while an operation runs, PATCH limited to the
 * patchable properties (400 otherwise), then a long-running operation: 201/202 with absolute `Azure-AsyncOperation`
 * and `Operation-Location` pointing at `P/{name}/operations/{id}`.
 */
export function handleExtensionWrite(state: SimState, method: 'PUT' | 'PATCH' | 'DELETE', cluster: SimCluster | undefined, name: string, body: unknown, apiVersion: string, now: number): SimResponse {
  const subscription = (cluster?.id.split('/')[2] ?? 'unknown').toLowerCase();
  const token = state.buckets.take(subscription, now);
  if (!token.ok) {
    state.counters.throttled++;
    return armError(429, 'TooManyRequests', 'The request is being throttled: too many write requests for the subscription.', {
      'retry-after': String(Math.max(1, Math.ceil(token.retryAfterMs / 1000))),
      'retry-after-ms': String(token.retryAfterMs),
    });
  }
  const props = ((body as { properties?: unknown } | undefined)?.properties ?? {}) as Record<string, unknown>;
  state.counters.writeBodies.push({ method, clusterId: cluster?.id ?? '', extensionName: name, properties: Object.keys(props) });
  if (!cluster) return armError(404, 'ParentResourceNotFound', 'The parent cluster of the extension was not found.');
  let ext = state.extension(cluster, name);
  if (!ext && method !== 'PUT') return armError(404, 'ResourceNotFound', `Extension '${name}' was not found on the cluster.`);
  if (ext && isManaged(ext)) {
    return armError(403, 'Forbidden', `Extension '${ext.name}' is managed by ${ext.managedBy ?? 'Azure'}: users may only read it.`);
  }
  if (ext && BUSY.has(ext.provisioningState)) {
    return armError(409, 'OperationNotAllowed', `Operation is not allowed: an operation is in progress on extension '${ext.name}' (provisioningState ${ext.provisioningState}).`);
  }
  if (method === 'PATCH') {
    const extra = Object.keys(props).filter((k) => !PATCHABLE.has(k));
    if (extra.length > 0) return armError(400, 'InvalidRequestContent', `PATCH may not carry properties.${extra.join(', properties.')}`);
  }
  const target: Partial<SimExtension> = {};
  if (typeof props.version === 'string') target.version = props.version;
  if (typeof props.autoUpgradeMinorVersion === 'boolean') target.autoUpgradeMinorVersion = props.autoUpgradeMinorVersion;
  if (typeof props.releaseTrain === 'string') target.releaseTrain = props.releaseTrain;
  if (props.autoUpgradeMode !== undefined) {
    if (typeof props.autoUpgradeMode !== 'string' || !MODES.has(props.autoUpgradeMode)) return armError(400, 'InvalidRequestParameter', 'properties.autoUpgradeMode must be none, patch or compatible.');
    target.autoUpgradeMode = props.autoUpgradeMode as SimExtension['autoUpgradeMode'];
  }
  if (props.configurationSettings && typeof props.configurationSettings === 'object') target.configurationSettings = props.configurationSettings as Record<string, string>;
  if (props.configurationProtectedSettings && typeof props.configurationProtectedSettings === 'object') target.configurationProtectedSettings = props.configurationProtectedSettings as Record<string, string>;
  const auto = target.autoUpgradeMinorVersion ?? ext?.autoUpgradeMinorVersion ?? true;
  if (method !== 'DELETE' && target.version !== undefined && auto) {
    return armError(400, 'InvalidRequestParameter', 'properties.version can be set only when properties.autoUpgradeMinorVersion is false.');
  }
  let status = 202;
  if (!ext) {
    if (typeof props.extensionType !== 'string') return armError(400, 'InvalidRequestParameter', 'properties.extensionType is required.');
    ext = { name, extensionType: props.extensionType, currentVersion: target.version ?? '0.0.0', autoUpgradeMinorVersion: auto, releaseTrain: target.releaseTrain ?? 'Stable', provisioningState: 'Creating', isSystemExtension: false };
    cluster.extensions.push(ext);
    status = 201;
  } else {
    ext.provisioningState = method === 'DELETE' ? 'Deleting' : 'Updating';
    if (method === 'PUT') status = 201;
  }
  const op: SimOperation = {
    id: state.newOperationId(),
    clusterId: cluster.id,
    extensionName: ext.name,
    method,
    target,
    polls: 0,
    status: 'Updating',
    ...plannedOutcome(state, cluster, ext.extensionType, method === 'DELETE' ? undefined : target.version),
  };
  state.operations.set(op.id.toLowerCase(), op);
  if (state.lroSteps <= 0 && op.outcome !== 'never') completeOperation(state, op);
  const statusUrl = `${state.endpoint}${extensionId(cluster, ext.name)}/operations/${op.id}?api-version=${encodeURIComponent(apiVersion)}`;
  const headers = { 'azure-asyncoperation': statusUrl, 'operation-location': statusUrl };
  const current = state.extension(cluster, name);
  return { status, headers, body: method === 'DELETE' || !current ? undefined : extensionBody(cluster, current) };
}

/** `GET P/{name}/operations/{id}`: the operation's status; it completes on poll number `lroSteps` unless it never finishes. */
export function handleOperationPoll(state: SimState, cluster: SimCluster | undefined, name: string, operationId: string): SimResponse {
  const op = state.operations.get(operationId.toLowerCase());
  if (!op || !cluster) return armError(404, 'ResourceNotFound', `Operation '${operationId}' was not found.`);
  op.polls++;
  if (op.status === 'Updating' && op.outcome !== 'never' && op.polls >= state.lroSteps) completeOperation(state, op);
  const body: Record<string, unknown> = { id: `${extensionId(cluster, name)}/operations/${op.id}`, name: op.id, status: op.status };
  if (op.status === 'Failed' && op.error) body.error = op.error;
  const headers: Record<string, string> = {};
  if (op.status === 'Updating' && state.lroPollRetryAfterMs !== undefined) headers['retry-after'] = String(Math.max(1, Math.ceil(state.lroPollRetryAfterMs / 1000)));
  return { status: 200, headers, body };
}
