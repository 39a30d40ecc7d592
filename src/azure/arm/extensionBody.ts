/**
 * The body of an ARM extension (`Microsoft.KubernetesConfiguration/extensions`), as ARM returns it and as Resource
 * Graph carries it in `properties`: parsed into the domain's ExtensionSnapshot. Property names come in any case
 * (`ExtensionType`, `extensionType`): they are normalised. Pure.
 */
import { z } from 'zod';
import { PROVISIONING_STATES, type ExtensionSnapshot } from '../../domain/model';
import { jsonPath } from '../../domain/inputError';
import { issueText } from '../../domain/schemas/zodInput';

/** The api-version of the extensions API used for reads and writes. */
export const EXTENSIONS_API_VERSION = '2023-05-01';

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

/**
 * Maps ARM extension properties (any key case) to an ExtensionSnapshot. Installed version = `currentVersion`, else
 * `version`, else "" (the plan reports it invalid). `autoUpgradeMinorVersion` absent = true (ARM's default),
 * `releaseTrain` absent = "Stable", `isSystemExtension` absent = false.
 */
export function extensionFromProperties(name: string, properties: unknown, prefix: readonly PropertyKey[] = ['properties']): Parsed<ExtensionSnapshot> {
  if (typeof properties !== 'object' || properties === null || Array.isArray(properties)) return { ok: false, problem: `${jsonPath(prefix)}: expected an object` };
  const r = extensionPropertiesSchema.safeParse(normaliseKeys(properties as Record<string, unknown>));
  if (!r.success) return { ok: false, problem: issueText(r.error, prefix) };
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
