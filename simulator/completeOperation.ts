import semver from 'semver';
import type { SimCluster } from './types';
import type { SimOperation, SimState } from './simState';
import { isUnsupported } from './unsupportedVersions';
import { simClusterFacts } from './armBodies';

/** Decides at write time how an operation to `version` of `extensionType` on `cluster` will end (catalog, compatibility, faults). */
export function plannedOutcome(state: SimState, cluster: SimCluster, extensionType: string, version: string | undefined): Pick<SimOperation, 'outcome' | 'error'> {
  const type = extensionType.toLowerCase();
  if (state.faults.neverFinish.some((f) => (!f.extensionType || f.extensionType === type) && (!f.version || f.version === version))) return { outcome: 'never' };
  if (version === undefined) return { outcome: 'succeed' };
  const history = Object.entries(state.fleet.extensionTypes).find(([t]) => t.toLowerCase() === type)?.[1];
  const entry = history?.find((v) => v.version === version);
  if (!entry) return { outcome: 'fail', error: { code: 'ExtensionVersionNotFound', message: `Version ${version} of extension type ${extensionType} was not found.` } };
  const clusterType = /\/managedclusters\//i.test(cluster.id) ? 'managedCluster' : /\/connectedclusters\//i.test(cluster.id) ? 'connectedCluster' : 'provisionedCluster';
  const distribution = simClusterFacts(cluster).distribution?.toLowerCase();
  const applies = (u: { distributions?: string[] }): boolean => clusterType !== 'connectedCluster' || !u.distributions?.length || u.distributions.some((d) => d.toLowerCase() === distribution);
  const unsupported = entry.unsupportedKubernetesVersions?.[clusterType]?.filter(applies).flatMap((u) => u.unsupportedVersions) ?? [];
  // belief (docs/azure-fidelity.md, issue 20): AKS on Azure Local (kind ProvisionedCluster) is refused what its provisionedCluster limit lists too
  if (clusterType === 'connectedCluster' && cluster.kind === 'ProvisionedCluster') unsupported.push(...(entry.unsupportedKubernetesVersions?.provisionedCluster?.flatMap((u) => u.unsupportedVersions) ?? []));
  if (isUnsupported(unsupported, cluster.kubernetesVersion)) {
    return { outcome: 'fail', error: { code: 'KubernetesVersionNotSupported', message: `Version ${version} of ${extensionType} does not support Kubernetes ${cluster.kubernetesVersion}.` } };
  }
  const k8s = semver.coerce(cluster.kubernetesVersion)?.version ?? cluster.kubernetesVersion;
  if (state.faults.failVersions.some((f) => f.extensionType === type && f.version === version && semver.satisfies(k8s, f.onKubernetes))) {
    return { outcome: 'fail', error: { code: 'HelmUpgradeFailed', message: `helm upgrade of ${extensionType} to ${version} failed: timed out waiting for the condition` } };
  }
  return { outcome: 'succeed' };
}

/** Ends an operation: applies its target (success), marks the extension Failed, or removes it (DELETE). */
export function completeOperation(state: SimState, op: SimOperation): void {
  const cluster = state.cluster(op.clusterId);
  const ext = cluster ? state.extension(cluster, op.extensionName) : undefined;
  if (!cluster || !ext) {
    op.status = 'Succeeded';
    return;
  }
  if (op.outcome === 'fail') {
    op.status = 'Failed';
    ext.provisioningState = 'Failed';
    ext.errorCode = op.error?.code;
    ext.errorMessage = op.error?.message;
    return;
  }
  op.status = 'Succeeded';
  if (op.method === 'DELETE') {
    cluster.extensions = cluster.extensions.filter((e) => e !== ext);
    return;
  }
  const from = ext.currentVersion;
  const t = op.target;
  if (t.autoUpgradeMinorVersion !== undefined) ext.autoUpgradeMinorVersion = t.autoUpgradeMinorVersion;
  if (t.version !== undefined) {
    ext.version = t.version;
    ext.currentVersion = t.version;
  } else if (ext.autoUpgradeMinorVersion) ext.version = undefined;
  if (t.releaseTrain !== undefined) ext.releaseTrain = t.releaseTrain;
  if (t.autoUpgradeMode !== undefined) ext.autoUpgradeMode = t.autoUpgradeMode;
  if (t.configurationSettings) ext.configurationSettings = { ...(ext.configurationSettings ?? {}), ...t.configurationSettings };
  if (t.configurationProtectedSettings) ext.configurationProtectedSettings = { ...t.configurationProtectedSettings };
  ext.provisioningState = 'Succeeded';
  ext.errorCode = undefined;
  ext.errorMessage = undefined;
  state.counters.writesApplied.push({ clusterId: cluster.id, extensionName: ext.name, from, to: ext.currentVersion });
  const sick = state.faults.failHealthOnWrite.filter((f) => f.extensionType === ext.extensionType.toLowerCase());
  if (sick.length > 0 && t.version !== undefined) {
    ext.statuses = sick.some((f) => f.version === t.version)
      ? [{ code: 'PodsCrashLooping', level: 'Error', message: `${ext.extensionType} ${t.version}: pods crash-looping after the upgrade` }]
      : undefined;
  }
  for (const f of state.faults.alertOnWrite) {
    if (t.version !== undefined && f.extensionType === ext.extensionType.toLowerCase() && f.version === t.version) {
      (state.fleet.alerts ??= []).push({ name: f.name, severity: f.severity, targetResource: cluster.id, startDateTime: f.at() });
    }
  }
}
