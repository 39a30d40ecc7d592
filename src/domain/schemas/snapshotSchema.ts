/** The fleet snapshot file format (Foundation contract), validated and defaulted. */
import { z } from 'zod';
import { InputError } from '../inputError';
import { CONNECTIVITY_STATUSES, PROVISIONING_STATES as STATES, type ClusterSnapshot, type ConnectivityStatus, type FleetSnapshot, type ProvisioningState } from '../model';
import { parseWith } from './zodInput';

const provisioningState = z
  .string()
  .transform((s) => STATES.find((state) => state.toLowerCase() === s.toLowerCase()) ?? s)
  .pipe(z.enum(STATES as [ProvisioningState, ...ProvisioningState[]], { message: `expected one of ${STATES.join(', ')}` }));

const nonEmpty = (what: string) => z.string({ message: `${what} must be a string` }).min(1, `${what} must not be empty`);

/** One extension in a snapshot file. */
export const extensionSchema = z.object({
  name: nonEmpty('name'),
  extensionType: nonEmpty('extensionType'),
  version: nonEmpty('version'),
  autoUpgradeMinorVersion: z.boolean().default(false),
  releaseTrain: z.string().default('Stable'),
  provisioningState: provisioningState.default('Succeeded'),
  isSystemExtension: z.boolean().default(false),
  managedBy: z.string().optional(),
  managementDetails: z
    .object({
      category: z.string().optional(),
      accessDetails: z.array(z.object({ entity: z.string().optional(), allowedActions: z.array(z.string()).optional(), description: z.string().optional() })).optional(),
    })
    .optional(),
  autoUpgradeMode: z.enum(['none', 'patch', 'compatible'], { message: 'expected one of none, patch, compatible' }).optional(),
});

/** One cluster in a snapshot file. */
export const clusterSchema = z.object({
  id: nonEmpty('id'),
  kubernetesVersion: nonEmpty('kubernetesVersion'),
  reconciledKubernetesVersion: z.string().optional(),
  location: z.string().optional(),
  distribution: z.string().optional(),
  kind: z.string().optional(),
  connectivityStatus: z.enum(CONNECTIVITY_STATUSES as [ConnectivityStatus, ...ConnectivityStatus[]], { message: `expected one of ${CONNECTIVITY_STATUSES.join(', ')}` }).optional(),
  powerState: z.string().optional(),
  tags: z.record(z.string(), z.string()).default({}),
  extensions: z.array(extensionSchema).default([]),
});

/** A fleet snapshot file. */
export const snapshotSchema = z.object({ clusters: z.array(clusterSchema) });

/**
 * Refuses two extensions of one name on one cluster (ARM names compare case-insensitively): both would be planned,
 * and one ARM resource written twice. The error names both paths.
 */
export function refuseDuplicateExtensionNames(cluster: { extensions: readonly { name: string }[] }, input: string, index: number): void {
  const list = cluster.extensions;
  if (list.length < 2) return;
  const seen = new Map<string, number>();
  for (let j = 0; j < list.length; j++) {
    const name = list[j]!.name.toLowerCase();
    const k = seen.get(name);
    if (k !== undefined) throw new InputError(input, `$.clusters[${index}].extensions[${j}].name`, `duplicate extension name "${list[j]!.name}" on this cluster (also at $.clusters[${index}].extensions[${k}].name)`);
    seen.set(name, j);
  }
}

/**
 * Remembers cluster ids as they are read (in order) and refuses the second of two equal ids (case-insensitive): they
 * would get two conflicting plans. Returns the check to call for each cluster.
 */
export function duplicateIdGuard(input: string): (id: string, index: number) => void {
  const first = new Map<string, number>();
  return (id, index) => {
    const key = id.toLowerCase();
    const seen = first.get(key);
    if (seen !== undefined) throw new InputError(input, `$.clusters[${index}].id`, `duplicate cluster id "${id}" (also at $.clusters[${seen}].id)`);
    first.set(key, index);
  };
}

/** Warnings for fields the format does not know in one cluster (at `$.clusters[index]`) and its extensions. Pure. */
export function unknownClusterFields(cluster: unknown, input: string, index: number): string[] {
  const warnings: string[] = [];
  unknownKeys(cluster, Object.keys(clusterSchema.shape), `$.clusters[${index}]`, input, warnings);
  const extensions = (cluster as { extensions?: unknown } | null)?.extensions;
  if (Array.isArray(extensions)) extensions.forEach((e: unknown, j) => unknownKeys(e, Object.keys(extensionSchema.shape), `$.clusters[${index}].extensions[${j}]`, input, warnings));
  return warnings;
}

function unknownKeys(obj: unknown, known: readonly string[], path: string, input: string, out: string[]): void {
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) return;
  for (const key of Object.keys(obj)) if (!known.includes(key)) out.push(`${input}: ${path}.${key}: unknown field; ignored`);
}

/** Warnings for root properties the format does not know, given their names. Pure. */
export function unknownRootFields(keys: readonly string[], input: string): string[] {
  const known = Object.keys(snapshotSchema.shape);
  return keys.filter((k) => !known.includes(k)).map((k) => `${input}: $.${k}: unknown field; ignored`);
}

/** Warnings for fields the snapshot format does not know (a typo must not pass silently), each naming the JSON path. Pure. */
export function unknownSnapshotFields(value: unknown, input: string): string[] {
  const warnings: string[] = value !== null && typeof value === 'object' && !Array.isArray(value) ? unknownRootFields(Object.keys(value), input) : [];
  const clusters = (value as { clusters?: unknown } | null)?.clusters;
  if (Array.isArray(clusters)) clusters.forEach((c: unknown, i) => warnings.push(...unknownClusterFields(c, input, i)));
  return warnings;
}

/** Validates a snapshot (already JSON-parsed); throws InputError naming `input`, the path and the problem (duplicate cluster ids too). */
export function parseSnapshot(value: unknown, input: string): FleetSnapshot {
  const parsed = parseWith(snapshotSchema, value, input);
  const unique = duplicateIdGuard(input);
  parsed.clusters.forEach((c, i) => {
    unique(c.id, i);
    refuseDuplicateExtensionNames(c, input, i);
  });
  return { clusters: parsed.clusters.map(toClusterSnapshot) };
}

/** Validates one cluster of a snapshot, found at `$.clusters[index]` of `input` (for files read cluster by cluster). */
export function parseCluster(value: unknown, input: string, index: number): ClusterSnapshot {
  return toClusterSnapshot(parseWith(clusterSchema, value, input, ['clusters', index]));
}

/** A validated cluster as the domain's snapshot: optional fields absent rather than undefined. */
function toClusterSnapshot(c: z.output<typeof clusterSchema>): ClusterSnapshot {
  return {
    id: c.id,
    kubernetesVersion: c.kubernetesVersion,
    ...(c.reconciledKubernetesVersion === undefined ? {} : { reconciledKubernetesVersion: c.reconciledKubernetesVersion }),
    ...(c.location === undefined ? {} : { location: c.location }),
    ...(c.distribution === undefined ? {} : { distribution: c.distribution }),
    ...(c.kind === undefined ? {} : { kind: c.kind }),
    ...(c.connectivityStatus === undefined ? {} : { connectivityStatus: c.connectivityStatus }),
    ...(c.powerState === undefined ? {} : { powerState: c.powerState }),
    tags: c.tags,
    extensions: c.extensions.map((e) => {
      const { managedBy, managementDetails, autoUpgradeMode, ...rest } = e;
      return {
        ...rest,
        ...(managedBy === undefined ? {} : { managedBy }),
        ...(managementDetails === undefined ? {} : { managementDetails }),
        ...(autoUpgradeMode === undefined ? {} : { autoUpgradeMode }),
      };
    }),
  };
}
