/**
 * A cheap check of the common, well-formed shape of one snapshot cluster, for files of millions of extensions. It
 * accepts only what clusterSchema accepts and returns what parseCluster returns (same fields, same order, same
 * defaults); anything else — an unknown field, managementDetails, a wrong type, an empty name — gives undefined, and the
 * caller runs the schema, which then names the problem or warns. test/domain/schemas/fastCluster.test.ts compares the
 * two on seeded random records. A parsed object already in the output's form (every defaulted field given, fields in
 * the output's order) is returned as it is rather than copied: half the allocation at a million extensions.
 */
import { CONNECTIVITY_STATUSES, PROVISIONING_STATES, type ClusterSnapshot, type ExtensionSnapshot, type ProvisioningState } from '../model';

/** The fields parseCluster returns, in its order, by name. */
const positions = (keys: string[]): ReadonlyMap<string, number> => new Map(keys.map((k, i) => [k, i]));
const CLUSTER_KEYS = positions(['id', 'kubernetesVersion', 'reconciledKubernetesVersion', 'location', 'distribution', 'kind', 'connectivityStatus', 'powerState', 'tags', 'extensions']);
const EXTENSION_KEYS = positions(['name', 'extensionType', 'version', 'autoUpgradeMinorVersion', 'releaseTrain', 'provisioningState', 'isSystemExtension', 'managedBy', 'autoUpgradeMode']);
const CONNECTIVITY = new Set<string>(CONNECTIVITY_STATUSES);
const AUTO_UPGRADE_MODES = new Set(['none', 'patch', 'compatible']);
/** The schema's case-insensitive match of a provisioning state, by lower-cased text. */
const STATE_BY_LOWER = new Map<string, ProvisioningState>(PROVISIONING_STATES.map((s) => [s.toLowerCase(), s]));

type Plain = Record<string, unknown>;

const isPlain = (v: unknown): v is Plain => typeof v === 'object' && v !== null && !Array.isArray(v);
const nonEmpty = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
const optionalString = (v: unknown): boolean => v === undefined || typeof v === 'string';

/** Undefined when `o` has a key not in `known`; else whether its keys come in `known`'s order. */
function keysInOrder(o: Plain, known: ReadonlyMap<string, number>): boolean | undefined {
  let last = -1;
  let inOrder = true;
  for (const key in o) {
    const at = known.get(key);
    if (at === undefined) return undefined;
    if (at < last) inOrder = false;
    last = at;
  }
  return inOrder;
}

/** One extension as parseCluster returns it (`e` itself when it is already so), or undefined. */
function extension(e: unknown): ExtensionSnapshot | undefined {
  if (!isPlain(e)) return undefined;
  const inOrder = keysInOrder(e, EXTENSION_KEYS);
  if (inOrder === undefined) return undefined;
  const { name, extensionType, version, autoUpgradeMinorVersion, releaseTrain, provisioningState, isSystemExtension, managedBy, autoUpgradeMode } = e;
  if (!nonEmpty(name) || !nonEmpty(extensionType) || !nonEmpty(version)) return undefined;
  if (autoUpgradeMinorVersion !== undefined && typeof autoUpgradeMinorVersion !== 'boolean') return undefined;
  if (isSystemExtension !== undefined && typeof isSystemExtension !== 'boolean') return undefined;
  if (!optionalString(releaseTrain) || !optionalString(managedBy)) return undefined;
  if (provisioningState !== undefined && typeof provisioningState !== 'string') return undefined;
  const state = provisioningState === undefined ? 'Succeeded' : STATE_BY_LOWER.get(provisioningState.toLowerCase());
  if (state === undefined) return undefined;
  if (autoUpgradeMode !== undefined && !AUTO_UPGRADE_MODES.has(autoUpgradeMode as string)) return undefined;
  if (inOrder && autoUpgradeMinorVersion !== undefined && releaseTrain !== undefined && state === provisioningState && isSystemExtension !== undefined) return e as unknown as ExtensionSnapshot;
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

/** A tags object whose values are all strings (itself: the schema's copy has the same keys in the same order), `{}` when absent, else undefined. */
function tagsOf(t: unknown): Record<string, string> | undefined {
  if (t === undefined) return {};
  if (!isPlain(t)) return undefined;
  for (const key in t) if (typeof t[key] !== 'string' || key === '__proto__') return undefined;
  return t as Record<string, string>;
}

/** `value` (one JSON-parsed cluster) as parseCluster returns it, when it has the common well-formed shape; else undefined (run the schema). */
export function fastCluster(value: unknown): ClusterSnapshot | undefined {
  if (!isPlain(value)) return undefined;
  const inOrder = keysInOrder(value, CLUSTER_KEYS);
  if (inOrder === undefined) return undefined;
  const { id, kubernetesVersion, reconciledKubernetesVersion, location, distribution, kind, connectivityStatus, powerState } = value;
  if (!nonEmpty(id) || !nonEmpty(kubernetesVersion)) return undefined;
  if (!optionalString(reconciledKubernetesVersion) || !optionalString(location) || !optionalString(distribution) || !optionalString(kind) || !optionalString(powerState)) return undefined;
  if (connectivityStatus !== undefined && !CONNECTIVITY.has(connectivityStatus as string)) return undefined;
  const tags = tagsOf(value.tags);
  if (!tags) return undefined;
  const input = value.extensions === undefined ? [] : value.extensions; // a default for absent only: null is an error
  if (!Array.isArray(input)) return undefined;
  const extensions: ExtensionSnapshot[] = [];
  let same = inOrder && value.tags !== undefined && value.extensions !== undefined;
  for (const e of input as unknown[]) {
    const ext = extension(e);
    if (!ext) return undefined;
    extensions.push(ext);
    same &&= ext === e;
  }
  if (same) return value as unknown as ClusterSnapshot;
  const out: ClusterSnapshot = { id, kubernetesVersion } as ClusterSnapshot;
  if (reconciledKubernetesVersion !== undefined) out.reconciledKubernetesVersion = reconciledKubernetesVersion as string;
  if (location !== undefined) out.location = location as string;
  if (distribution !== undefined) out.distribution = distribution as string;
  if (kind !== undefined) out.kind = kind as string;
  if (connectivityStatus !== undefined) out.connectivityStatus = connectivityStatus as ClusterSnapshot['connectivityStatus'];
  if (powerState !== undefined) out.powerState = powerState as string;
  out.tags = tags;
  out.extensions = extensions;
  return out;
}
