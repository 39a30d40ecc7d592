/** The fleet snapshot file format (Foundation contract), validated and defaulted. */
import { z } from 'zod';
import type { FleetSnapshot, ProvisioningState } from '../model';
import { parseWith } from './zodInput';

const STATES: readonly ProvisioningState[] = ['Succeeded', 'Failed', 'Canceled', 'Creating', 'Updating', 'Deleting'];

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
});

/** One cluster in a snapshot file. */
export const clusterSchema = z.object({
  id: nonEmpty('id'),
  kubernetesVersion: nonEmpty('kubernetesVersion'),
  reconciledKubernetesVersion: z.string().optional(),
  location: z.string().optional(),
  tags: z.record(z.string(), z.string()).default({}),
  extensions: z.array(extensionSchema).default([]),
});

/** A fleet snapshot file. */
export const snapshotSchema = z.object({ clusters: z.array(clusterSchema) });

/** Validates a snapshot (already JSON-parsed); throws InputError naming `input`, the path and the problem. */
export function parseSnapshot(value: unknown, input: string): FleetSnapshot {
  const parsed = parseWith(snapshotSchema, value, input);
  return {
    clusters: parsed.clusters.map((c) => ({
      id: c.id,
      kubernetesVersion: c.kubernetesVersion,
      ...(c.reconciledKubernetesVersion === undefined ? {} : { reconciledKubernetesVersion: c.reconciledKubernetesVersion }),
      ...(c.location === undefined ? {} : { location: c.location }),
      tags: c.tags,
      extensions: c.extensions,
    })),
  };
}
