import type { SimTypeVersion } from './types';
import { mulberry32 } from './prng';

/** One extension type the generator installs: its type, the instance name clusters give it, and its minors. */
export interface SimExtensionTypeSpec {
  extensionType: string;
  instanceName: string;
  major: number;
  firstMinor: number;
  minors: number;
  releaseNamespace: string;
  /** Example protected setting key (a secret the simulator never serves back). */
  secretKey?: string;
}

/** The six extension types the simulated fleet uses (real type names). */
export const SIM_EXTENSION_TYPES: SimExtensionTypeSpec[] = [
  { extensionType: 'microsoft.flux', instanceName: 'flux', major: 1, firstMinor: 10, minors: 5, releaseNamespace: 'flux-system' },
  { extensionType: 'microsoft.dapr', instanceName: 'dapr', major: 1, firstMinor: 11, minors: 4, releaseNamespace: 'dapr-system' },
  { extensionType: 'microsoft.azuremonitor.containers', instanceName: 'azuremonitor-containers', major: 3, firstMinor: 1, minors: 4, releaseNamespace: 'kube-system', secretKey: 'omsagent.secret.key' },
  { extensionType: 'microsoft.dataprotection.kubernetes', instanceName: 'azure-aks-backup', major: 1, firstMinor: 2, minors: 4, releaseNamespace: 'dataprotection-microsoft', secretKey: 'credentials.secretKey' },
  { extensionType: 'microsoft.azureml.kubernetes', instanceName: 'azureml', major: 1, firstMinor: 5, minors: 3, releaseNamespace: 'azureml', secretKey: 'sslSecret' },
  { extensionType: 'datadog.agent', instanceName: 'datadog', major: 7, firstMinor: 52, minors: 5, releaseNamespace: 'datadog', secretKey: 'datadog.apiKey' },
];

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

/**
 * The version history of one type: `minors` stable minors with 2-6 patches each, and one preview minor
 * (`x.y.0-preview.1`, `-preview.2`) on the preview train. Unsupported Kubernetes versions: the oldest minor
 * refuses `>1.28`, the next `>1.29`; the newest stable minor refuses `1.18..1.28`, the preview minor `1.18..1.29`;
 * on connected clusters the second newest also refuses `>1.31`. Deterministic per type name; release dates count
 * back from 2025-06-01, 30 days per version.
 */
export function extensionTypeHistory(spec: SimExtensionTypeSpec): SimTypeVersion[] {
  const rand = mulberry32(hash(spec.extensionType));
  const out: SimTypeVersion[] = [];
  const unsupportedFor = (i: number, n: number): string[] => {
    if (i === 0) return ['>1.28'];
    if (i === 1) return ['>1.29'];
    if (i === n - 1) return ['1.18..1.28'];
    if (i === n) return ['1.18..1.29'];
    return [];
  };
  const entry = (version: string, train: 'stable' | 'preview', i: number): SimTypeVersion => {
    const managed = unsupportedFor(i, spec.minors);
    const connected = i === spec.minors - 2 ? [...managed, '>1.31'] : managed;
    return {
      version,
      releaseTrain: train,
      unsupportedKubernetesVersions: {
        managedCluster: [{ distributions: ['AKS'], unsupportedVersions: managed }],
        connectedCluster: [{ distributions: ['generic'], unsupportedVersions: connected }],
      },
    };
  };
  for (let i = 0; i < spec.minors; i++) {
    const patches = 2 + Math.floor(rand() * 5);
    for (let p = 0; p < patches; p++) out.push(entry(`${spec.major}.${spec.firstMinor + i}.${p}`, 'stable', i));
  }
  const next = `${spec.major}.${spec.firstMinor + spec.minors}.0`;
  out.push(entry(`${next}-preview.1`, 'preview', spec.minors), entry(`${next}-preview.2`, 'preview', spec.minors));
  const base = Date.UTC(2025, 5, 1);
  const day = 24 * 3600 * 1000;
  out.forEach((v, k) => { v.releasedAt = new Date(base - (out.length - 1 - k) * 30 * day).toISOString(); });
  return out;
}
