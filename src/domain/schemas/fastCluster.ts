/**
 * A cheap check of the common, well-formed shape of one snapshot cluster, for files of millions of extensions. It
 * accepts only what clusterSchema accepts and returns what parseCluster returns (same fields, same order, same
 * defaults); anything else — an unknown field, managementDetails, a wrong type, an empty name — gives undefined, and the
 * caller runs the schema, which then names the problem or warns. test/domain/schemas/fastCluster.test.ts compares the
 * two on seeded random records.
 */
import { PROVISIONING_STATES, type ClusterSnapshot, type ExtensionSnapshot, type ProvisioningState } from '../model';

const CLUSTER_KEYS = new Set(['id', 'kubernetesVersion', 'reconciledKubernetesVersion', 'location', 'distribution', 'connectivityStatus', 'powerState', 'tags', 'extensions']);
const EXTENSION_KEYS = new Set(['name', 'extensionType', 'version', 'autoUpgradeMinorVersion', 'releaseTrain', 'provisioningState', 'isSystemExtension', 'managedBy', 'autoUpgradeMode']);
const CONNECTIVITY = new Set(['Connected', 'Connecting', 'Offline', 'Expired']);
const AUTO_UPGRADE_MODES = new Set(['none', 'patch', 'compatible']);
/** The schema's case-insensitive match of a provisioning state, by lower-cased text. */
const STATE_BY_LOWER = new Map<string, ProvisioningState>(PROVISIONING_STATES.map((s) => [s.toLowerCase(), s]));

type Plain = Record<string, unknown>;

const isPlain = (v: unknown): v is Plain => typeof v === 'object' && v !== null && !Array.isArray(v);
const nonEmpty = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
const optionalString = (v: unknown): boolean => v === undefined || typeof v === 'string';

/** True when every own key of `o` is in `known`. */
function onlyKeys(o: Plain, known: ReadonlySet<string>): boolean {
  for (const key in o) if (!known.has(key)) return false;
  return true;
}

function extension(e: unknown): ExtensionSnapshot | undefined {
  if (!isPlain(e) || !onlyKeys(e, EXTENSION_KEYS)) return undefined;
  const { name, extensionType, version, autoUpgradeMinorVersion, releaseTrain, provisioningState, isSystemExtension, managedBy, autoUpgradeMode } = e;
  if (!nonEmpty(name) || !nonEmpty(extensionType) || !nonEmpty(version)) return undefined;
  if (autoUpgradeMinorVersion !== undefined && typeof autoUpgradeMinorVersion !== 'boolean') return undefined;
  if (isSystemExtension !== undefined && typeof isSystemExtension !== 'boolean') return undefined;
  if (!optionalString(releaseTrain) || !optionalString(managedBy)) return undefined;
  if (provisioningState !== undefined && typeof provisioningState !== 'string') return undefined;
  const state = provisioningState === undefined ? 'Succeeded' : STATE_BY_LOWER.get(provisioningState.toLowerCase());
  if (state === undefined) return undefined;
  if (autoUpgradeMode !== undefined && !AUTO_UPGRADE_MODES.has(autoUpgradeMode as string)) return undefined;
  const out: ExtensionSnapshot = {
    name,
    extensionType,
    version,
    autoUpgradeMinorVersion: autoUpgradeMinorVersion ?? false,
    releaseTrain: (releaseTrain as string | undefined) ?? 'Stable',
    provisioningState: state,
    isSystemExtension: isSystemExtension ?? false,
  };
  if (managedBy !== undefined) out.managedBy = managedBy as string;
  if (autoUpgradeMode !== undefined) out.autoUpgradeMode = autoUpgradeMode as ExtensionSnapshot['autoUpgradeMode'];
  return out;
}

/** A copy of a tags object whose values are all strings, else undefined. */
function tagsOf(t: unknown): Record<string, string> | undefined {
  if (t === undefined) return {};
  if (!isPlain(t)) return undefined;
  const out: Record<string, string> = {};
  for (const key in t) {
    const v = t[key];
    if (typeof v !== 'string' || key === '__proto__') return undefined;
    out[key] = v;
  }
  return out;
}

/** `value` (one JSON-parsed cluster) as parseCluster returns it, when it has the common well-formed shape; else undefined (run the schema). */
export function fastCluster(value: unknown): ClusterSnapshot | undefined {
  if (!isPlain(value) || !onlyKeys(value, CLUSTER_KEYS)) return undefined;
  const { id, kubernetesVersion, reconciledKubernetesVersion, location, distribution, connectivityStatus, powerState } = value;
  if (!nonEmpty(id) || !nonEmpty(kubernetesVersion)) return undefined;
  if (!optionalString(reconciledKubernetesVersion) || !optionalString(location) || !optionalString(distribution) || !optionalString(powerState)) return undefined;
  if (connectivityStatus !== undefined && !CONNECTIVITY.has(connectivityStatus as string)) return undefined;
  const tags = tagsOf(value.tags);
  if (!tags) return undefined;
  const input = value.extensions === undefined ? [] : value.extensions; // a default for absent only: null is an error
  if (!Array.isArray(input)) return undefined;
  const extensions: ExtensionSnapshot[] = [];
  for (const e of input as unknown[]) {
    const ext = extension(e);
    if (!ext) return undefined;
    extensions.push(ext);
  }
  const out: ClusterSnapshot = { id, kubernetesVersion } as ClusterSnapshot;
  if (reconciledKubernetesVersion !== undefined) out.reconciledKubernetesVersion = reconciledKubernetesVersion as string;
  if (location !== undefined) out.location = location as string;
  if (distribution !== undefined) out.distribution = distribution as string;
  if (connectivityStatus !== undefined) out.connectivityStatus = connectivityStatus as ClusterSnapshot['connectivityStatus'];
  if (powerState !== undefined) out.powerState = powerState as string;
  out.tags = tags;
  out.extensions = extensions;
  return out;
}
