/**
 * The ARM fleet simulator's public surface (test infrastructure, also used by the demo and the benchmark).
 * An HTTPS server on 127.0.0.1 that the real Azure SDK clients talk to. See test/simulator/README.md.
 */

/** One extension on a simulated cluster (ARM property names). */
export interface SimExtension {
  name: string;
  extensionType: string;
  /** Installed version (`currentVersion`). */
  currentVersion: string;
  /** Pinned version (`version`); undefined when auto-upgrading. */
  version?: string;
  autoUpgradeMinorVersion: boolean;
  releaseTrain: string;
  provisioningState: 'Succeeded' | 'Failed' | 'Canceled' | 'Creating' | 'Updating' | 'Deleting';
  isSystemExtension: boolean;
  configurationSettings?: Record<string, string>;
  /** Write-only secrets: never returned by the simulator, as in ARM. */
  configurationProtectedSettings?: Record<string, string>;
}

/** One simulated cluster. */
export interface SimCluster {
  /** Full ARM id (managedClusters, connectedClusters or provisionedClusters). */
  id: string;
  location: string;
  kubernetesVersion: string;
  tags: Record<string, string>;
  extensions: SimExtension[];
}

/** One version an extension type offers, in the simulator's catalog. */
export interface SimTypeVersion {
  version: string;
  releaseTrain: 'stable' | 'preview';
  /** `unsupportedKubernetesVersions` per cluster type, as the 2024-11-01-preview API shows it. */
  unsupportedKubernetesVersions?: Partial<Record<'managedCluster' | 'connectedCluster' | 'provisionedCluster', { distributions?: string[]; unsupportedVersions: string[] }[]>>;
}

/** The fleet the simulator holds. */
export interface SimFleet {
  clusters: SimCluster[];
  /** Management group name -> subscription ids. */
  managementGroups?: Record<string, string[]>;
  /** Extension type (lower-case) -> versions. */
  extensionTypes: Record<string, SimTypeVersion[]>;
}

/** Counters the simulator keeps (reset with resetCounters). */
export interface SimCounters {
  /** Requests by kind, e.g. `resourceGraph`, `extensions.list`, `extensions.get`, `extensions.patch`, `lro.poll`, `extensionTypes.versions`, `clusters.get`. */
  calls: Record<string, number>;
  throttled: number;
  /** Successful version changes, one entry per completed write. */
  writesApplied: { clusterId: string; extensionName: string; from: string; to: string }[];
}
