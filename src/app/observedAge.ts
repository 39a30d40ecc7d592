/**
 * Observed release age for the live catalog (issue 24): reads the first sightings of the catalog's versions, records
 * the new ones (at most MAX_NEW_SIGHTINGS_PER_PASS a pass) and dates each live version by its earliest sighting. A table
 * that cannot be read or written never stops the plan: what is not recorded counts from now (fail closed: young).
 */
import { errorMessage } from '../domain/inputError';
import type { Catalog } from '../domain/model';
import type { ReleaseSightingStore } from '../domain/ports';
import { newSightings, withObservedAge } from '../domain/releaseAge';

/** How observedAgeCatalog treats the table. */
export interface ObservedAgeOptions {
  /** Read only (the CLI): new sightings are not recorded. */
  readOnly?: boolean;
  /** A sentence per table failure (static text + the error). */
  onWarning?: (message: string) => void;
}

/** The catalog with live versions dated by their first sightings; unchanged when there is no store. */
export async function observedAgeCatalog(catalog: Catalog, store: ReleaseSightingStore | undefined, now: Date, options: ObservedAgeOptions = {}): Promise<Catalog> {
  if (!store) return catalog;
  const types = Object.entries(catalog.extensionTypes).filter(([, t]) => t.versions.some((v) => v.regions !== undefined)).map(([type]) => type);
  if (types.length === 0) return catalog;
  let recorded = new Map<string, string>();
  try {
    recorded = await store.read(types);
  } catch (error) {
    options.onWarning?.(`release sightings could not be read: every live version counts as first seen now (${errorMessage(error)})`);
    return withObservedAge(catalog, recorded, now);
  }
  if (!options.readOnly) {
    try {
      await store.record(newSightings(catalog, recorded, now));
    } catch (error) {
      options.onWarning?.(`release sightings could not be written: versions first seen now stay young until a pass records them (${errorMessage(error)})`);
    }
  }
  return withObservedAge(catalog, recorded, now);
}
