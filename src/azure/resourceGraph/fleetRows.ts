/**
 * Parses Resource Graph fleet rows and ARM extension bodies into the domain's snapshot types. Pure.
 * Property names inside extension properties come in any case (`ExtensionType`, `extensionType`): they are normalised.
 */
import { z } from 'zod';
import type { ClusterSnapshot, ExtensionSnapshot, FleetSnapshot, ProvisioningState } from '../../domain/model';
import { jsonPath } from '../../domain/inputError';

const PROVISIONING_STATES: readonly ProvisioningState[] = ['Succeeded', 'Failed', 'Canceled', 'Creating', 'Updating', 'Deleting'];

/** Canonical spelling of the extension property names we read, by lower-cased name. */
const CANONICAL: Record<string, string> = Object.fromEntries(
  ['extensionType', 'version', 'currentVersion', 'autoUpgradeMinorVersion', 'releaseTrain', 'provisioningState', 'isSystemExtension'].map((k) => [k.toLowerCase(), k]),
);

/** Returns `props` with the known property names in canonical case (first spelling wins on duplicates). */
export function normaliseKeys(props: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(props)) {
    const canon = CANONICAL[key.toLowerCase()] ?? key;
    if (!(canon in out)) out[canon] = value;
  }
  return out;
}

const boolish = z.union([z.boolean(), z.enum(['true', 'false', 'True', 'False']).transform((s) => s.toLowerCase() === 'true')]);

const extensionPropertiesSchema = z.object({
  extensionType: z.string().min(1),
  version: z.string().nullish(),
  currentVersion: z.string().nullish(),
  autoUpgradeMinorVersion: boolish.nullish(),
  releaseTrain: z.string().nullish(),
  provisioningState: z.string().transform((s, ctx) => {
    const state = PROVISIONING_STATES.find((p) => p.toLowerCase() === s.toLowerCase());
    if (!state) ctx.addIssue({ code: 'custom', message: `unknown provisioning state "${s}"` });
    return state ?? 'Failed';
  }),
  isSystemExtension: boolish.nullish(),
});

/** Outcome of parsing: the value, or a problem naming the field path. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: string };

function problemOf(error: z.ZodError, prefix: readonly PropertyKey[]): string {
  const issue = error.issues[0];
  return issue ? `${jsonPath([...prefix, ...issue.path])}: ${issue.message}` : 'invalid';
}

/**
 * Maps ARM extension properties (any key case) to an ExtensionSnapshot. Installed version = `currentVersion`, else
 * `version`, else "" (the plan reports it invalid). `autoUpgradeMinorVersion` absent = true (ARM's default),
 * `releaseTrain` absent = "Stable", `isSystemExtension` absent = false.
 */
export function extensionFromProperties(name: string, properties: unknown, prefix: readonly PropertyKey[] = ['properties']): Parsed<ExtensionSnapshot> {
  if (typeof properties !== 'object' || properties === null || Array.isArray(properties)) return { ok: false, problem: `${jsonPath(prefix)}: expected an object` };
  const r = extensionPropertiesSchema.safeParse(normaliseKeys(properties as Record<string, unknown>));
  if (!r.success) return { ok: false, problem: problemOf(r.error, prefix) };
  const p = r.data;
  return {
    ok: true,
    value: {
      name,
      extensionType: p.extensionType,
      version: p.currentVersion || p.version || '',
      autoUpgradeMinorVersion: p.autoUpgradeMinorVersion ?? true,
      releaseTrain: p.releaseTrain ?? 'Stable',
      provisioningState: p.provisioningState,
      isSystemExtension: p.isSystemExtension ?? false,
    },
  };
}

const tagsSchema = z
  .record(z.string(), z.unknown())
  .nullish()
  .transform((t) => Object.fromEntries(Object.entries(t ?? {}).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)])));

const rowSchema = z.object({
  clusterId: z.string().min(1),
  location: z.string().nullish(),
  tags: tagsSchema,
  kubernetesVersion: z.string().nullish(),
  extensionId: z.string().nullish(),
  extensionName: z.string().nullish(),
  extensionProperties: z.unknown(),
});

/** Accumulates rows into clusters (merged by id, case-insensitively) and collects warnings for bad rows. */
export class FleetRowCollector {
  private readonly clusters = new Map<string, ClusterSnapshot>();
  private readonly extensionKeys = new Set<string>();
  /** One sentence per skipped row or extension. */
  readonly warnings: string[] = [];
  /** Rows seen (good or bad). */
  rows = 0;

  /** Adds one Resource Graph row; `where` names it in warnings (e.g. `page 3 row 17`). */
  add(row: unknown, where: string): void {
    this.rows++;
    const r = rowSchema.safeParse(row);
    if (!r.success) {
      this.warnings.push(`Resource Graph ${where}: skipped: ${problemOf(r.error, [])}`);
      return;
    }
    const { clusterId, location, tags, kubernetesVersion, extensionName, extensionId, extensionProperties } = r.data;
    const key = clusterId.toLowerCase();
    let cluster = this.clusters.get(key);
    if (!cluster) {
      cluster = { id: clusterId, kubernetesVersion: kubernetesVersion ?? '', tags, extensions: [] };
      if (location) cluster.location = location;
      this.clusters.set(key, cluster);
    }
    if (extensionProperties === null || extensionProperties === undefined) return;
    const name = extensionName ?? extensionId?.split('/').pop();
    if (!name) {
      this.warnings.push(`Resource Graph ${where}: extension skipped: $.extensionName: missing`);
      return;
    }
    const ext = extensionFromProperties(name, extensionProperties, ['extensionProperties']);
    if (!ext.ok) {
      this.warnings.push(`Resource Graph ${where}: extension ${name} of ${clusterId} skipped: ${ext.problem}`);
      return;
    }
    const extKey = `${key}|${name.toLowerCase()}`;
    if (this.extensionKeys.has(extKey)) return;
    this.extensionKeys.add(extKey);
    cluster.extensions.push(ext.value);
  }

  /** The fleet so far, clusters in first-seen order. */
  snapshot(): FleetSnapshot {
    return { clusters: [...this.clusters.values()] };
  }
}
