/** Small builders for policy tests: a cluster, an extension, a catalog. */
import type { AlertSignal } from '../../src/domain/healthGate';
import type { Catalog, CatalogVersion, ClusterSnapshot, ExtensionSnapshot, FleetSnapshot } from '../../src/domain/model';

export const AKS = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks-1';
export const ARC = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Kubernetes/connectedClusters/arc-1';
export const NOW = new Date('2025-01-01T00:00:00Z');

export function ext(over: Partial<ExtensionSnapshot> = {}): ExtensionSnapshot {
  return { name: 'flux', extensionType: 'microsoft.flux', version: '1.8.2', autoUpgradeMinorVersion: false, releaseTrain: 'Stable', provisioningState: 'Succeeded', isSystemExtension: false, ...over };
}

export function cluster(over: Partial<ClusterSnapshot> = {}, extensions: ExtensionSnapshot[] = [ext()]): ClusterSnapshot {
  return { id: AKS, kubernetesVersion: '1.29.4', tags: {}, extensions, ...over };
}

export function fleet(...clusters: ClusterSnapshot[]): FleetSnapshot {
  return { clusters };
}

export function v(version: string, over: Partial<CatalogVersion> = {}): CatalogVersion {
  return { version, releaseTrain: 'stable', ...over };
}

export function catalog(versions: CatalogVersion[], type = 'microsoft.flux'): Catalog {
  return { extensionTypes: { [type]: { versions } } };
}

/** A fired Sev1 alert on AKS (the health gate's input), with `over` applied. */
export function alert(over: Partial<AlertSignal> = {}): AlertSignal {
  return {
    id: '/subscriptions/s/providers/Microsoft.AlertsManagement/alerts/1',
    name: 'flux-reconcile-errors',
    severity: 'Sev1',
    monitorCondition: 'Fired',
    alertState: 'New',
    targetResource: AKS,
    startDateTime: '2026-06-01T10:05:00Z',
    ...over,
  };
}
