/**
 * The body of an ARM extension (`Microsoft.KubernetesConfiguration/extensions`), as ARM returns it and as Resource
 * Graph carries it in `properties`: parsed into the domain's ExtensionSnapshot. Property names come in any case
 * (`ExtensionType`, `extensionType`): they are normalised. Pure.
 */
import { z } from 'zod';
import { PROVISIONING_STATES, type AutoUpgradeMode, type ExtensionSnapshot, type ManagementDetails } from '../../domain/model';
import { jsonPath } from '../../domain/inputError';
import { usersMayNotWrite } from '../../domain/managedExtension';
import { issueText } from '../../domain/schemas/zodInput';

/** The api-version of the extensions API used for reads and writes (stable; the first with autoUpgradeMode and managementDetails). */
export const EXTENSIONS_API_VERSION = '2025-03-01';

/** Canonical spelling of the extension property names we read, by lower-cased name. */
const CANONICAL: Record<string, string> = Object.fromEntries(
  [
    'extensionType',
    'version',
    'currentVersion',
    'autoUpgradeMinorVersion',
    'autoUpgradeMode',
    'releaseTrain',
    'provisioningState',
    'isSystemExtension',
    'managementDetails',
    'category',
    'accessDetails',
    'entity',
    'allowedActions',
    'description',
  ].map((k) => [k.toLowerCase(), k]),
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

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `managementDetails` with its nested keys in canonical case too (Resource Graph may spell them in PascalCase). */
function normaliseManagementDetails(value: unknown): unknown {
  if (!isRecord(value)) return value;
  const details = normaliseKeys(value);
  const access: unknown = details.accessDetails;
  if (Array.isArray(access)) details.accessDetails = access.map((a: unknown) => (isRecord(a) ? normaliseKeys(a) : a));
  return details;
}

const boolish = z.union([z.boolean(), z.enum(['true', 'false', 'True', 'False']).transform((s) => s.toLowerCase() === 'true')]);

/** `autoUpgradeMode` is an open enum (modelAsString): an unknown value is read as `compatible`, the mode that lets the platform move the most. */
const autoUpgradeMode = z.string().transform((s): AutoUpgradeMode => {
  const mode = s.toLowerCase();
  return mode === 'none' || mode === 'patch' ? mode : 'compatible';
});

const managementDetailsSchema = z
  .object({
    category: z.string().nullish(),
    accessDetails: z.array(z.object({ entity: z.string().nullish(), allowedActions: z.array(z.string()).nullish(), description: z.string().nullish() }).loose()).nullish(),
  })
  .loose();

const extensionPropertiesSchema = z.object({
  extensionType: z.string().min(1),
  version: z.string().nullish(),
  currentVersion: z.string().nullish(),
  autoUpgradeMinorVersion: boolish.nullish(),
  autoUpgradeMode: autoUpgradeMode.nullish(),
  releaseTrain: z.string().nullish(),
  provisioningState: z.string().transform((s, ctx) => {
    const state = PROVISIONING_STATES.find((p) => p.toLowerCase() === s.toLowerCase());
    if (!state) ctx.addIssue({ code: 'custom', message: `unknown provisioning state "${s}"` });
    return state ?? 'Failed';
  }),
  isSystemExtension: boolish.nullish(),
  managementDetails: managementDetailsSchema.nullish(),
});

/** Outcome of parsing: the value, or a problem naming the field path. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: string };

/** The managementDetails as the domain keeps them: only the fields it knows, absent ones left out. */
function toManagementDetails(d: z.infer<typeof managementDetailsSchema>): ManagementDetails {
  const out: ManagementDetails = {};
  if (d.category) out.category = d.category;
  if (d.accessDetails) {
    out.accessDetails = d.accessDetails.map((a) => ({
      ...(a.entity ? { entity: a.entity } : {}),
      ...(a.allowedActions ? { allowedActions: a.allowedActions } : {}),
      ...(a.description ? { description: a.description } : {}),
    }));
  }
  return out;
}

/**
 * Maps ARM extension properties (any key case) to an ExtensionSnapshot. Installed version = `currentVersion`, else
 * `version`, else "" (the plan reports it invalid, or holds it when the platform moves it). `autoUpgradeMinorVersion`
 * absent = true (ARM's default), `releaseTrain` absent = "Stable", `isSystemExtension` absent = false; `autoUpgradeMode`,
 * `managementDetails` and the resource's top-level `managedBy` are kept only when ARM reports them.
 */
export function extensionFromProperties(name: string, properties: unknown, prefix: readonly PropertyKey[] = ['properties'], managedBy?: unknown): Parsed<ExtensionSnapshot> {
  if (!isRecord(properties)) return { ok: false, problem: `${jsonPath(prefix)}: expected an object` };
  const props = normaliseKeys(properties);
  if ('managementDetails' in props) props.managementDetails = normaliseManagementDetails(props.managementDetails);
  const r = extensionPropertiesSchema.safeParse(props);
  if (!r.success) return { ok: false, problem: issueText(r.error, prefix) };
  const p = r.data;
  const value: ExtensionSnapshot = {
    name,
    extensionType: p.extensionType,
    version: p.currentVersion || p.version || '',
    autoUpgradeMinorVersion: p.autoUpgradeMinorVersion ?? true,
    releaseTrain: p.releaseTrain ?? 'Stable',
    provisioningState: p.provisioningState,
    isSystemExtension: p.isSystemExtension ?? false,
  };
  if (typeof managedBy === 'string' && managedBy.trim() !== '') value.managedBy = managedBy;
  if (p.managementDetails) value.managementDetails = toManagementDetails(p.managementDetails);
  if (p.autoUpgradeMode) value.autoUpgradeMode = p.autoUpgradeMode;
  return { ok: true, value };
}

/** True when extension properties (any key case) carry an installed version (`currentVersion`, non-empty). */
export function reportsInstalledVersion(properties: unknown): boolean {
  if (!isRecord(properties)) return false;
  const installed = normaliseKeys(properties).currentVersion;
  return typeof installed === 'string' && installed.trim() !== '';
}

/**
 * True when Azure owns the extension and users may not write it (contract v2 rule 2): a non-empty `managedBy`, or
 * `managementDetails.accessDetails` with an entry for the entity "Users" whose allowedActions lack "Write" (any case).
 */
export function isManagedExtension(ext: Pick<ExtensionSnapshot, 'managedBy' | 'managementDetails'>): boolean {
  if (ext.managedBy !== undefined && ext.managedBy.trim() !== '') return true;
  return usersMayNotWrite(ext.managementDetails);
}

/** The one PATCH body the app sends: pin `version` and turn every platform upgrade off (autoUpgradeMode "none"). */
export function pinBody(version: string): { properties: { version: string; autoUpgradeMinorVersion: false; autoUpgradeMode: 'none' } } {
  return { properties: { version, autoUpgradeMinorVersion: false, autoUpgradeMode: 'none' } };
}
