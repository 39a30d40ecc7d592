/**
 * Parses Fleet Manager ARM bodies (api-version 2026-06-01; shapes in docs/azure-fidelity.md) into the domain's gates and
 * update runs. Errors name the body, the field and the problem.
 */
import { z } from 'zod';
import type { FleetGate, UpdateRun, UpdateRunStage } from '../../domain/fleetGates';
import { inputErrorOf } from '../../domain/schemas/zodInput';

/** The Fleet Manager api-version the adapter speaks (stable, June 2026: approval gates GA). */
export const FLEET_API_VERSION = '2026-06-01';

const updateState = z.enum(['NotStarted', 'Running', 'Stopping', 'Stopped', 'Skipped', 'Failed', 'Pending', 'Completed']);
const status = z.object({ state: updateState });

const gateSchema = z.object({
  id: z.string(),
  eTag: z.string().nullish(),
  properties: z.object({
    displayName: z.string().nullish(),
    gateType: z.string(),
    state: z.enum(['Pending', 'Skipped', 'Completed']),
    target: z.object({
      id: z.string(),
      updateRunProperties: z.object({ name: z.string(), stage: z.string().nullish(), group: z.string().nullish(), timing: z.enum(['Before', 'After']) }),
    }),
  }),
});

const gateStatus = z.object({ displayName: z.string().nullish(), gateId: z.string().nullish(), status: status.nullish() });
const member = z.object({ name: z.string(), clusterResourceId: z.string(), status: status.nullish() });
const group = z.object({ name: z.string(), status: status.nullish(), members: z.array(member).nullish(), beforeGates: z.array(gateStatus).nullish(), afterGates: z.array(gateStatus).nullish() });
const stage = z.object({ name: z.string(), status: status.nullish(), groups: z.array(group).nullish(), beforeGates: z.array(gateStatus).nullish(), afterGates: z.array(gateStatus).nullish() });

const runSchema = z.object({
  id: z.string(),
  name: z.string(),
  properties: z.object({
    managedClusterUpdate: z.object({ upgrade: z.object({ type: z.string(), kubernetesVersion: z.string().nullish() }) }).nullish(),
    status: z.object({ status: status.nullish(), stages: z.array(stage).nullish() }).nullish(),
  }),
});

function parsed<T>(schema: z.ZodType<T>, body: unknown, what: string): T {
  const r = schema.safeParse(body);
  if (!r.success) throw inputErrorOf(r.error, what);
  return r.data;
}

/** A gate from its ARM body; `headerETag` (the ETag header) is used when the body has no eTag. */
export function gateFromBody(body: unknown, headerETag?: string): FleetGate {
  const g = parsed(gateSchema, body, 'Fleet gate body');
  const t = g.properties.target;
  const p = t.updateRunProperties;
  const eTag = g.eTag ?? headerETag;
  return {
    id: g.id,
    displayName: g.properties.displayName ?? '',
    gateType: g.properties.gateType,
    state: g.properties.state,
    ...(eTag ? { eTag } : {}),
    target: { updateRunId: t.id, updateRunName: p.name, ...(p.stage ? { stage: p.stage } : {}), ...(p.group ? { group: p.group } : {}), timing: p.timing },
  };
}

type GateStatus = z.infer<typeof gateStatus>;
const gatesOf = (timing: 'Before' | 'After', list: GateStatus[] | null | undefined, groupName?: string): NonNullable<UpdateRunStage['gates']> =>
  (list ?? []).map((g) => ({ displayName: g.displayName ?? '', timing, state: g.status?.state ?? 'NotStarted', ...(g.gateId ? { gateId: g.gateId } : {}), ...(groupName !== undefined ? { group: groupName } : {}) }));

/** An update run from its ARM body (a missing status reads as NotStarted). */
export function updateRunFromBody(body: unknown): UpdateRun {
  const r = parsed(runSchema, body, 'Fleet update run body');
  const upgrade = r.properties.managedClusterUpdate?.upgrade;
  const stages: UpdateRunStage[] = (r.properties.status?.stages ?? []).map((s) => ({
    name: s.name,
    state: s.status?.state ?? 'NotStarted',
    groups: (s.groups ?? []).map((g) => ({ name: g.name, state: g.status?.state ?? 'NotStarted', members: (g.members ?? []).map((m) => ({ name: m.name, clusterResourceId: m.clusterResourceId, state: m.status?.state ?? 'NotStarted' })) })),
    gates: [...gatesOf('Before', s.beforeGates), ...(s.groups ?? []).flatMap((g) => [...gatesOf('Before', g.beforeGates, g.name), ...gatesOf('After', g.afterGates, g.name)]), ...gatesOf('After', s.afterGates)],
  }));
  return {
    id: r.id,
    name: r.name,
    state: r.properties.status?.status?.state ?? 'NotStarted',
    upgradeType: upgrade?.type ?? 'Full',
    ...(upgrade?.kubernetesVersion ? { kubernetesVersion: upgrade.kubernetesVersion } : {}),
    stages,
  };
}
