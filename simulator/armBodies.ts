import type { SimCluster, SimExtension } from './types';
import { SIM_EXTENSION_TYPES } from './extensionTypeHistory';

const SYSTEM_DATA = {
  createdBy: 'fleet-admin@contoso.com',
  createdByType: 'User',
  createdAt: '2024-09-08T05:10:57.027Z',
  lastModifiedBy: 'fleet-admin@contoso.com',
  lastModifiedByType: 'User',
  lastModifiedAt: '2025-03-01T08:00:00.000Z',
};

function releaseNamespace(extensionType: string): string {
  return SIM_EXTENSION_TYPES.find((t) => t.extensionType === extensionType.toLowerCase())?.releaseNamespace ?? 'kube-system';
}

/** The ARM id of an extension on a cluster. */
export function extensionId(cluster: SimCluster, name: string): string {
  return `${cluster.id}/providers/Microsoft.KubernetesConfiguration/extensions/${name}`;
}

function statuses(ext: SimExtension): unknown[] {
  if (ext.statuses) return ext.statuses.map((s) => ({ displayStatus: s.level, time: '2025-03-01T08:00:00.000Z', ...s }));
  if (ext.provisioningState !== 'Failed') return [];
  return [{ code: 'InstallationFailed', displayStatus: 'Failed', level: 'Error', message: ext.errorMessage ?? 'helm upgrade failed', time: '2025-03-01T08:00:00.000Z' }];
}

/** True when users may not write the extension: a `managedBy`, or `managementDetails` that give "Users" no Write. */
export function isManaged(ext: SimExtension): boolean {
  if (ext.managedBy) return true;
  return (ext.managementDetails?.accessDetails ?? []).some((a) => a.entity?.toLowerCase() === 'users' && !(a.allowedActions ?? []).some((x) => x.toLowerCase() === 'write'));
}

/** An extension as `GET P/{name}` returns it at 2025-03-01 (ARM property names; protected settings never served). */
export function extensionBody(cluster: SimCluster, ext: SimExtension): Record<string, unknown> {
  const properties: Record<string, unknown> = {
    extensionType: ext.extensionType,
    autoUpgradeMinorVersion: ext.autoUpgradeMinorVersion,
    releaseTrain: ext.releaseTrain,
    version: ext.version ?? null,
    scope: { cluster: { releaseNamespace: releaseNamespace(ext.extensionType) } },
    configurationSettings: { ...(ext.configurationSettings ?? {}) },
    provisioningState: ext.provisioningState,
    currentVersion: ext.currentVersion,
    statuses: statuses(ext),
    isSystemExtension: ext.isSystemExtension,
  };
  if (ext.provisioningState === 'Failed') properties.errorInfo = { code: ext.errorCode ?? 'ExtensionOperationFailed', message: ext.errorMessage ?? 'helm upgrade failed' };
  if (ext.autoUpgradeMode !== undefined) properties.autoUpgradeMode = ext.autoUpgradeMode;
  if (ext.managementDetails !== undefined) properties.managementDetails = structuredClone(ext.managementDetails);
  if (ext.extensionState !== undefined) properties.extensionState = ext.extensionState;
  const body: Record<string, unknown> = { id: extensionId(cluster, ext.name), name: ext.name, type: 'Microsoft.KubernetesConfiguration/extensions' };
  if (ext.managedBy !== undefined) body.managedBy = ext.managedBy;
  return { ...body, systemData: SYSTEM_DATA, properties };
}

/** How Resource Graph spells extension properties (issue 20: PascalCase as Microsoft's sample queries read them, by default). */
export interface GraphShape {
  /** `PascalCase` (default: `ExtensionType`, `CurrentVersion`, `Scope.Cluster.ReleaseNamespace`…) or `camelCase` (the ARM body's spelling). */
  casing?: 'PascalCase' | 'camelCase';
  /** false = rows carry no installed version (`CurrentVersion`), so discovery must read the cluster's extensions from ARM. Default true. */
  installedVersion?: boolean;
}

const pascal = (key: string): string => key.charAt(0).toUpperCase() + key.slice(1);

/** `value` with every object key in PascalCase, nested objects and arrays included (configuration setting names are values' keys: kept). */
function pascalKeys(value: unknown, keepKeysOf: ReadonlySet<string> = new Set(['ConfigurationSettings'])): unknown {
  if (Array.isArray(value)) return value.map((v) => pascalKeys(v, keepKeysOf));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [pascal(k), keepKeysOf.has(pascal(k)) ? v : pascalKeys(v, keepKeysOf)]));
}

/**
 * An extension's `properties` as Resource Graph's `kubernetesconfigurationresources` carries them: PascalCase by default
 * (Microsoft Learn's sample queries read `properties.ExtensionType`, `properties.InstallState`, `properties.Scope`), or
 * camelCase; without the installed version when the shape says so. Secrets are never included.
 */
export function graphExtensionProperties(ext: SimExtension, shape: GraphShape = {}): Record<string, unknown> {
  const p: Record<string, unknown> = {
    extensionType: ext.extensionType,
    provisioningState: ext.provisioningState,
    autoUpgradeMinorVersion: ext.autoUpgradeMinorVersion,
    releaseTrain: ext.releaseTrain,
    version: ext.version ?? null,
    currentVersion: ext.currentVersion,
    isSystemExtension: ext.isSystemExtension,
    scope: { cluster: { releaseNamespace: releaseNamespace(ext.extensionType) } },
    configurationSettings: { ...(ext.configurationSettings ?? {}) },
    statuses: statuses(ext),
  };
  if (shape.installedVersion === false) delete p.currentVersion;
  if (ext.provisioningState === 'Failed') p.errorInfo = { code: ext.errorCode ?? 'ExtensionOperationFailed', message: ext.errorMessage ?? 'helm upgrade failed' };
  if (ext.autoUpgradeMode !== undefined) p.autoUpgradeMode = ext.autoUpgradeMode;
  if (ext.managementDetails !== undefined) p.managementDetails = structuredClone(ext.managementDetails);
  if (ext.extensionState !== undefined) p.extensionState = ext.extensionState;
  return shape.casing === 'camelCase' ? p : (pascalKeys(p) as Record<string, unknown>);
}

/** The facts a cluster reports beside its version, with the simulator's defaults (AKS Running; Arc `generic`, Connected). */
export function simClusterFacts(cluster: SimCluster): { kind: string | null; distribution: string | null; connectivityStatus: string | null; powerState: string | null } {
  if (/\/managedclusters\//i.test(cluster.id)) return { kind: null, distribution: null, connectivityStatus: null, powerState: cluster.powerState ?? 'Running' };
  return { kind: cluster.kind ?? null, distribution: cluster.distribution ?? 'generic', connectivityStatus: cluster.connectivityStatus ?? 'Connected', powerState: null };
}

/** A cluster as `GET` of the managed (2024-09-01) or connected (2024-01-01) cluster returns it. */
export function clusterBody(cluster: SimCluster): Record<string, unknown> {
  const name = cluster.id.split('/').pop() ?? '';
  const managed = /\/managedclusters\//i.test(cluster.id);
  const minor = cluster.kubernetesVersion.split('.').slice(0, 2).join('.');
  const facts = simClusterFacts(cluster);
  const properties: Record<string, unknown> = managed
    ? { provisioningState: 'Succeeded', powerState: { code: facts.powerState }, kubernetesVersion: minor, currentKubernetesVersion: cluster.kubernetesVersion, dnsPrefix: `${name}-dns` }
    : { provisioningState: 'Succeeded', connectivityStatus: facts.connectivityStatus, kubernetesVersion: cluster.kubernetesVersion, distribution: facts.distribution, distributionVersion: '1.0', agentVersion: '1.21.10', totalNodeCount: 3 };
  if (cluster.reportsKubernetesVersion === false) delete properties.kubernetesVersion;
  const type = managed ? 'Microsoft.ContainerService/ManagedClusters' : /\/connectedclusters\//i.test(cluster.id) ? 'Microsoft.Kubernetes/connectedClusters' : 'Microsoft.HybridContainerService/provisionedClusters';
  return { id: cluster.id, name, type, location: cluster.location, tags: { ...cluster.tags }, ...(facts.kind ? { kind: facts.kind } : {}), properties };
}

/** `GET {connectedCluster}/providers/Microsoft.HybridContainerService/provisionedClusterInstances/default` (2024-01-01): the version with a leading `v`, as in the spec example. */
export function provisionedInstanceBody(cluster: SimCluster): Record<string, unknown> {
  return {
    id: `${cluster.id}/providers/Microsoft.HybridContainerService/provisionedClusterInstances/default`,
    name: cluster.id.split('/').pop() ?? '',
    type: 'Microsoft.HybridContainerService/provisionedClusterInstances',
    properties: { provisioningState: 'Succeeded', kubernetesVersion: `v${cluster.kubernetesVersion}`, controlPlane: { count: 1, vmSize: 'Standard_A4_v2' } },
  };
}
