/** The catalog file format (Foundation contract), validated; versions that are not semver are dropped with a warning. */
import { validRange } from 'semver';
import { z } from 'zod';
import { isoDateTimeSchema } from './isoDateTime';
import type { Catalog, CatalogVersion } from '../model';
import { parseVersion } from '../versions';
import { parseWith } from './zodInput';

const range = z.string().refine((r) => validRange(r) !== null, { message: 'not a valid semver range' });
const CLUSTER_KEYS = ['managedCluster', 'connectedCluster', 'provisionedCluster', '*'] as const;
/** A key of a version's `kubernetes` object: a cluster type, `*`, or `connectedCluster/<distribution>`. */
const clusterKey = z.union([z.enum(CLUSTER_KEYS), z.templateLiteral(['connectedCluster/', z.string().min(1)])]);

const versionSchema = z.object({
  version: z.string(),
  releaseTrain: z
    .string()
    .transform((s) => s.toLowerCase())
    .pipe(z.enum(['stable', 'preview'], { message: 'expected "stable" or "preview"' }))
    .default('stable'),
  releasedAt: z.union([isoDateTimeSchema('expected an ISO-8601 date or date-time'), z.iso.date()], { message: 'expected an ISO-8601 date or date-time' }).optional(),
  kubernetes: z
    .union([range, z.partialRecord(clusterKey, range)], {
      message: `expected a semver range, or an object of semver ranges keyed by ${CLUSTER_KEYS.join(', ')} or connectedCluster/<distribution>`,
    })
    .optional(),
  security: z.boolean('expected true or false').optional(),
  // issue 24: the regions that offer the version (a saved live catalog); absent = everywhere
  regions: z.array(z.string().min(1)).optional(),
});

/** A catalog file. */
export const catalogSchema = z.object({
  extensionTypes: z.record(z.string(), z.object({ versions: z.array(versionSchema) })),
});

/** A parsed catalog and the warnings about entries it dropped. */
export interface ParsedCatalog {
  catalog: Catalog;
  warnings: string[];
}

/** Validates a catalog (already JSON-parsed); types are keyed lower-case. Throws InputError on a schema violation. */
export function parseCatalog(value: unknown, input: string): ParsedCatalog {
  const parsed = parseWith(catalogSchema, value, input);
  const warnings: string[] = [];
  const extensionTypes: Catalog['extensionTypes'] = {};
  for (const [type, { versions }] of Object.entries(parsed.extensionTypes)) {
    const kept: CatalogVersion[] = [];
    versions.forEach((v, i) => {
      if (!parseVersion(v.version)) {
        warnings.push(`${input}: $.extensionTypes[${JSON.stringify(type)}].versions[${i}].version: "${v.version}" is not valid semver; ignored`);
        return;
      }
      kept.push({ version: v.version, releaseTrain: v.releaseTrain, ...(v.releasedAt ? { releasedAt: v.releasedAt } : {}), ...(v.kubernetes === undefined ? {} : { kubernetes: v.kubernetes }), ...(v.security ? { security: true } : {}), ...(v.regions ? { regions: v.regions } : {}) });
    });
    const key = type.toLowerCase();
    extensionTypes[key] = { versions: [...(extensionTypes[key]?.versions ?? []), ...kept] };
  }
  return { catalog: { extensionTypes }, warnings };
}
