import type { GenerateFleetOptions, SimCluster, SimExtension, SimFleet, SimTypeVersion } from './types';
import { mulberry32 } from './prng';
import { SIM_EXTENSION_TYPES, extensionTypeHistory } from './extensionTypeHistory';
import { isUnsupported } from './unsupportedVersions';

export { toFleetSnapshot } from './toFleetSnapshot';
export { toCatalog } from './toCatalog';

const LOCATIONS = ['eastus', 'eastus2', 'westus2', 'westus3', 'northeurope', 'westeurope', 'uksouth', 'southeastasia', 'australiaeast', 'canadacentral'];
const RINGS: [string, number][] = [['canary', 0.05], ['early', 0.15], ['broad', 0.5], ['prod', 0.3]];
const K8S_PATCHES: Record<number, number> = { 28: 15, 29: 12, 30: 9, 31: 5 };

/**
 * Generates a deterministic, realistic fleet: AKS and Arc clusters on Kubernetes 1.28.x-1.31.x with ring/env tags,
 * 0-4 extensions each from six real types, installed versions mostly a little behind and pinned. Same options = same fleet.
 */
export function generateFleet(options: GenerateFleetOptions): SimFleet {
  const rand = mulberry32(options.seed ?? 1);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const int = (min: number, max: number): number => min + Math.floor(rand() * (max - min + 1));
  const hex = (n: number): string => {
    let out = '';
    while (out.length < n) out += Math.floor(rand() * 0x100000000).toString(16).padStart(8, '0');
    return out.slice(0, n);
  };
  const [minExt, maxExt] = options.extensionsPerCluster ?? [0, 4];
  const arcShare = options.arcShare ?? 0.3;

  const subscriptions = Array.from({ length: Math.max(1, options.subscriptions) }, () => `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`);
  const extensionTypes: Record<string, SimTypeVersion[]> = {};
  for (const spec of SIM_EXTENSION_TYPES) extensionTypes[spec.extensionType] = extensionTypeHistory(spec);

  const stableByType = new Map(Object.entries(extensionTypes).map(([t, vs]) => [t, vs.filter((v) => v.releaseTrain === 'stable')]));
  const compatibleCache = new Map<string, { compatible: SimTypeVersion[]; minors: string[] }>();
  const clusters: SimCluster[] = [];
  for (let n = 0; n < options.clusters; n++) {
    const sub = subscriptions[n % subscriptions.length] as string;
    const rg = `rg-${Math.floor(n / 5)}`;
    const arc = rand() < arcShare;
    const id = arc
      ? `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Kubernetes/connectedClusters/arc-${n}`
      : `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.ContainerService/managedClusters/aks-${n}`;
    let r = rand();
    let ring = 'prod';
    for (const [name, weight] of RINGS) {
      if (r < weight) { ring = name; break; }
      r -= weight;
    }
    const env = ring === 'prod' ? 'prod' : ring === 'broad' ? pick(['prod', 'staging']) : pick(['dev', 'test']);
    const minor = pick([28, 29, 29, 30, 30, 30, 31]);
    const kubernetesVersion = `1.${minor}.${int(0, K8S_PATCHES[minor] ?? 3)}`;
    const count = Math.min(int(minExt, maxExt), SIM_EXTENSION_TYPES.length);
    const specs = [...SIM_EXTENSION_TYPES];
    for (let i = specs.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [specs[i], specs[j]] = [specs[j]!, specs[i]!];
    }
    specs.length = count;
    const extensions: SimExtension[] = specs.map((spec) => {
      const history = extensionTypes[spec.extensionType] ?? [];
      const clusterType = arc ? 'connectedCluster' : 'managedCluster';
      const stable = stableByType.get(spec.extensionType) ?? [];
      const key = `${spec.extensionType}|${clusterType}|${minor}`;
      let cached = compatibleCache.get(key);
      if (!cached) {
        const compatible = stable.filter((v) => !isUnsupported(v.unsupportedKubernetesVersions?.[clusterType]?.flatMap((u) => u.unsupportedVersions) ?? [], kubernetesVersion));
        cached = { compatible, minors: [...new Set(compatible.map((v) => v.version.split('.').slice(0, 2).join('.')))] };
        compatibleCache.set(key, cached);
      }
      const { compatible, minors } = cached;
      const preview = rand() < 0.03;
      let installed: string;
      if (preview) installed = history[history.length - 1]?.version ?? '0.0.0';
      else if (rand() < 0.03 || minors.length === 0) installed = pick(stable).version; // may be incompatible: realistic drift
      else {
        const back = Math.min(minors.length - 1, pick([0, 0, 1, 1, 1, 2]));
        const minorKey = minors[minors.length - 1 - back] as string;
        const patches = compatible.filter((v) => v.version.startsWith(`${minorKey}.`));
        const latestPatch = rand() < 0.3 || patches.length === 1;
        installed = (latestPatch ? patches[patches.length - 1] : patches[int(0, patches.length - 2)])?.version ?? '0.0.0';
      }
      const auto = rand() < 0.12;
      const ext: SimExtension = {
        name: spec.instanceName,
        extensionType: spec.extensionType,
        currentVersion: installed,
        autoUpgradeMinorVersion: auto,
        releaseTrain: preview ? 'Preview' : 'Stable',
        provisioningState: rand() < 0.01 ? 'Failed' : 'Succeeded',
        isSystemExtension: rand() < 0.02,
        configurationSettings: { 'global.clusterName': arc ? `arc-${n}` : `aks-${n}` },
      };
      if (!auto) ext.version = installed;
      if (spec.secretKey && rand() < 0.7) ext.configurationProtectedSettings = { [spec.secretKey]: `sk-${hex(32)}` };
      return ext;
    });
    clusters.push({ id, location: pick(LOCATIONS), kubernetesVersion, tags: { ring, env }, extensions });
  }

  const fleet: SimFleet = { clusters, extensionTypes };
  const groups = options.managementGroups ?? 0;
  if (groups > 0) {
    fleet.managementGroups = {};
    subscriptions.forEach((s, i) => {
      const key = `mg-${i % groups}`;
      (fleet.managementGroups![key] ??= []).push(s);
    });
  }
  return fleet;
}
