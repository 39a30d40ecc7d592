import type { SimRequestKind } from './types';
import type { SimState } from './simState';
import type { SimResponse } from './simResponse';
import { armError } from './simResponse';
import { handleResourceGraph } from './resourceGraphHandler';
import { handleTypeVersions } from './typeVersionsHandler';
import { handleExtensionRead } from './extensionReads';
import { handleExtensionWrite, handleOperationPoll } from './extensionWrites';
import { clusterBody, provisionedInstanceBody } from './armBodies';
import { FLEET_API, FLEET_RE, fleetGatePatch, fleetRead } from './fleetManagerRoutes';

const CLUSTER = String.raw`(/subscriptions/[^/]+/resourceGroups/[^/]+/providers/(?:Microsoft\.ContainerService/managedClusters|Microsoft\.Kubernetes/connectedClusters|Microsoft\.HybridContainerService/provisionedClusters)/[^/]+)`;
const KC = '/providers/Microsoft\\.KubernetesConfiguration';
/** The extensions api-version the simulator speaks (stable, default tag of the extensions spec). */
const EXTENSIONS_API = '2025-03-01';
const RE = {
  graph: /^\/providers\/Microsoft\.ResourceGraph\/resources$/i,
  typeVersionsByLocation: new RegExp(`^(/subscriptions/[^/]+${KC}/locations/[^/]+/extensionTypes/([^/]+)/versions)$`, 'i'),
  typeVersionsByCluster: new RegExp(`^(${CLUSTER}${KC}/extensionTypes/([^/]+)/versions)$`, 'i'),
  poll: new RegExp(`^${CLUSTER}${KC}/extensions/([^/]+)/operations/([^/]+)$`, 'i'),
  extension: new RegExp(`^${CLUSTER}${KC}/extensions/([^/]+)$`, 'i'),
  extensions: new RegExp(`^${CLUSTER}${KC}/extensions$`, 'i'),
  cluster: new RegExp(`^${CLUSTER}$`, 'i'),
  provisionedInstance: new RegExp(`^${CLUSTER}/providers/Microsoft\\.HybridContainerService/provisionedClusterInstances/default$`, 'i'),
};

/** Classifies a request into the kind counters and faults use. */
export function requestKind(method: string, path: string): SimRequestKind {
  if (RE.graph.test(path)) return 'resourceGraph';
  if (Object.values(FLEET_RE).some((re) => re.test(path))) return method === 'PATCH' && FLEET_RE.gate.test(path) ? 'fleet.gates.patch' : 'fleet.read';
  if (RE.typeVersionsByLocation.test(path) || RE.typeVersionsByCluster.test(path)) return 'extensionTypes.versions';
  if (RE.poll.test(path)) return 'lro.poll';
  if (RE.extension.test(path)) {
    if (method === 'GET') return 'extensions.get';
    if (method === 'PUT') return 'extensions.put';
    if (method === 'PATCH') return 'extensions.patch';
    if (method === 'DELETE') return 'extensions.delete';
  }
  if (RE.extensions.test(path) && method === 'GET') return 'extensions.list';
  if (RE.cluster.test(path) && method === 'GET') return 'clusters.get';
  if (RE.provisionedInstance.test(path) && method === 'GET') return 'clusters.instance';
  return 'unknown';
}

/** Answers one authenticated request of a known or unknown kind. */
export function routeRequest(state: SimState, kind: SimRequestKind, method: string, url: URL, principal: string, body: unknown, now: number, ifMatch?: string): SimResponse {
  const path = decodeURIComponent(url.pathname);
  const apiVersion = url.searchParams.get('api-version');
  if (!apiVersion) return armError(400, 'MissingApiVersionParameter', "The api-version query parameter (?api-version=) is required for all requests.");
  if (kind.startsWith('extensions.') && apiVersion !== EXTENSIONS_API) {
    return armError(400, 'InvalidApiVersionParameter', `The simulator serves extensions at api-version ${EXTENSIONS_API} only (got ${apiVersion}).`);
  }
  if (kind.startsWith('fleet.') && apiVersion !== FLEET_API) {
    return armError(400, 'InvalidApiVersionParameter', `The simulator serves Fleet Manager at api-version ${FLEET_API} only (got ${apiVersion}).`);
  }
  let m: RegExpExecArray | null;
  switch (kind) {
    case 'fleet.read':
      return method === 'GET' ? fleetRead(state.fleetManager, path, state.endpoint) : armError(405, 'MethodNotAllowed', `The simulator answers only GET here (and PATCH on a gate).`);
    case 'fleet.gates.patch':
      return fleetGatePatch(state.fleetManager, path, body, ifMatch, { ...state.gateApprovals, principal }, state.endpoint);
    case 'resourceGraph':
      return method === 'POST' ? handleResourceGraph(state, principal, body, now) : armError(405, 'MethodNotAllowed', 'Use POST.');
    case 'extensionTypes.versions':
      if ((m = RE.typeVersionsByLocation.exec(path))) return handleTypeVersions(state, url, m[1]!, m[2]!);
      m = RE.typeVersionsByCluster.exec(path)!;
      return handleTypeVersions(state, url, m[1]!, m[3]!, /managedClusters/i.test(m[2]!) ? 'managedCluster' : /connectedClusters/i.test(m[2]!) ? 'connectedCluster' : 'provisionedCluster');
    case 'lro.poll':
      m = RE.poll.exec(path)!;
      return handleOperationPoll(state, state.cluster(m[1]!), m[2]!, m[3]!);
    case 'extensions.get':
      m = RE.extension.exec(path)!;
      return handleExtensionRead(state, url, state.cluster(m[1]!), m[2]);
    case 'extensions.put':
    case 'extensions.patch':
    case 'extensions.delete':
      m = RE.extension.exec(path)!;
      return handleExtensionWrite(state, kind === 'extensions.put' ? 'PUT' : kind === 'extensions.patch' ? 'PATCH' : 'DELETE', state.cluster(m[1]!), m[2]!, body, apiVersion, now);
    case 'extensions.list':
      m = RE.extensions.exec(path)!;
      return handleExtensionRead(state, url, state.cluster(m[1]!), undefined);
    case 'clusters.instance': {
      const cluster = state.cluster(RE.provisionedInstance.exec(path)![1]!);
      return cluster?.kind === 'ProvisionedCluster' ? { status: 200, body: provisionedInstanceBody(cluster) } : armError(404, 'ResourceNotFound', `No provisioned cluster instance under '${path}'.`);
    }
    case 'clusters.get': {
      const cluster = state.cluster(path);
      return cluster ? { status: 200, body: clusterBody(cluster) } : armError(404, 'ResourceNotFound', `The Resource '${path}' was not found.`);
    }
    default:
      return armError(404, 'NotFound', `The simulator has no route for ${method} ${url.pathname}.`);
  }
}
