/**
 * The policy file format: the version policy (Foundation contract) plus the `rollout` section (rings, bake,
 * approvals, maintenance windows, health checks). Every field optional; unknown fields are refused (a typo must not
 * silently loosen a safety rule).
 */
import { subset, validRange } from 'semver';
import { z } from 'zod';
import { isClusterId } from '../armId';
import { freezesOverlap, sameFreezeScope } from '../freeze';
import type { Freeze, Policy, RingPolicy, RolloutPolicy } from '../model';
import { isoDateTimeSchema } from './isoDateTime';
import { parseWith } from './zodInput';

/**
 * A constraint's range: valid semver, and narrower than "any version". Semver reads an empty or blank range, `*`, `x`
 * and an empty alternative (`>=1.0.0 || `) as "anything": a constraint that says so stops nothing, so it is a typo.
 */
const range = z
  .string()
  .refine((r) => validRange(r) !== null, { message: 'not a valid semver range' })
  .refine((r) => validRange(r) === null || !subset('*', r), {
    message: 'matches every version, so it would constrain nothing (empty, blank, "*", "x" or an empty "||" alternative): write the range the constraint is for',
  });
/** A name the policy matches exactly: not blank, no surrounding spaces (" flux" would match nothing and loosen the rule). */
const name = (what: string) =>
  z
    .string()
    .min(1, `give the ${what}`)
    .refine((t) => t.trim() === t && t.length > 0, { message: `the ${what} has spaces around it, so it would match nothing: remove them` });
/** A cluster named in a hold or freeze: an ARM cluster id, or the entry would match no cluster and loosen the rule. */
const clusterIdsSchema = z.array(z.string().refine((id) => isClusterId(id.trim()) && id.trim() === id, { message: 'not the ARM id of a managed, connected or provisioned cluster, so it would match no cluster' }));
const count = (min: number, max: number) => z.number().int(`expected an integer`).min(min).max(max);

const windowSchema = z.strictObject({
  days: z.array(count(0, 6)).min(1, 'list at least one day (0 = Sunday … 6 = Saturday)'),
  start: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected "HH:MM" (UTC, 24 h)'),
  durationMinutes: count(1, 7 * 24 * 60),
});

const ringFields = {
  maxParallel: count(1, 10_000).optional(),
  bakeMinutes: count(0, 7 * 24 * 60).optional(),
  maxFailureRatio: z.number().min(0).max(1).optional(),
  minSuccessRatio: z.number().min(0).max(1).optional(),
  requireApproval: z.boolean().optional(),
  maintenanceWindows: z.array(windowSchema).optional(),
};

const healthGateSchema = z.strictObject({
  alertSeverities: z.array(z.enum(['Sev0', 'Sev1', 'Sev2', 'Sev3', 'Sev4'], { message: 'expected one of Sev0, Sev1, Sev2, Sev3, Sev4' })).default([]),
  extensionStatusLevels: z.array(z.enum(['Error', 'Warning', 'Information'], { message: 'expected one of Error, Warning, Information' })).default([]),
});

const isoDateTime = isoDateTimeSchema('expected an ISO-8601 date-time with a time zone, e.g. "2026-12-20T00:00:00Z" or "2026-12-20T00:00Z"');

const freezeSchema = z
  .strictObject({
    from: isoDateTime,
    to: isoDateTime,
    reason: z.string().trim().min(1, 'give a reason (shown in the plan, the status and the audit rows)'),
    clusterIds: clusterIdsSchema.optional(),
    clusterTags: z.record(z.string(), z.string()).optional(),
  })
  .refine((f) => Date.parse(f.from) < Date.parse(f.to), { message: 'the freeze ends before it starts: "to" must be after "from"', path: ['to'] });

const freezeOf = (f: z.output<typeof freezeSchema>): Freeze => ({ from: f.from, to: f.to, reason: f.reason, clusterIds: f.clusterIds ?? [], clusterTags: f.clusterTags ?? {} });

/** Entries of the same scope may not overlap (merge them): the later entry is named, with the one it meets. */
const freezesSchema = z.array(freezeSchema).superRefine((entries, ctx) => {
  const freezes = entries.map(freezeOf);
  freezes.forEach((f, j) => {
    const i = freezes.findIndex((g, k) => k < j && sameFreezeScope(f, g) && freezesOverlap(f, g));
    const met = freezes[i]; // undefined when i is -1: no earlier entry meets this one
    if (met) ctx.addIssue({ code: 'custom', path: [j], message: `overlaps freezes[${i}] ("${met.reason}", ${met.from} → ${met.to}) on the same clusters: merge them into one entry` });
  });
});

const rolloutSchema = z.strictObject({
  ringTag: name('ring tag').optional(),
  rings: z
    .array(z.strictObject({ name: name('ring name'), ...ringFields }))
    .refine((rings) => new Set(rings.map((r) => r.name.toLowerCase())).size === rings.length, { message: 'ring names must be unique' })
    .optional(),
  defaultRing: z.strictObject({ name: name('ring name').optional(), ...ringFields }).optional(),
  approvalTimeoutMinutes: count(1, 30 * 24 * 60).optional(),
  maintenanceWindows: z.array(windowSchema).optional(),
  healthCheckTimeoutMinutes: count(1, 24 * 60).optional(),
  healthCheckIntervalSeconds: count(1, 3600).optional(),
  healthGate: healthGateSchema.optional(),
  rollbackOnFailure: z.boolean().optional(),
  freezes: freezesSchema.optional(),
});

/** Issue 24: support windows, one per extension type (a type named twice is refused: which window would hold?). */
const supportWindowsSchema = z
  .array(z.strictObject({ extensionType: z.string().min(1), supportedMinors: count(1, 100) }))
  .superRefine((windows, ctx) => {
    windows.forEach((w, j) => {
      const i = windows.findIndex((x, k) => k < j && x.extensionType.toLowerCase() === w.extensionType.toLowerCase());
      if (i >= 0) ctx.addIssue({ code: 'custom', path: [j, 'extensionType'], message: `"${w.extensionType}" already has a window at supportWindows[${i}]: give each type one window` });
    });
  });

/** A policy file. */
export const policySchema = z.strictObject({
  extensionTypes: z.array(name('extension type')).optional(),
  allowMajor: z.boolean().optional(),
  stepMinors: z.boolean().optional(),
  minReleaseAgeDays: z.number().min(0).optional(),
  holds: z
    .array(
      z.strictObject({
        extensionType: name('extension type (or "*")'),
        clusterTags: z.record(z.string(), z.string()).optional(),
        clusterIds: clusterIdsSchema.optional(),
        reason: z.string().optional(),
      }),
    )
    .optional(),
  constraints: z.array(z.strictObject({ extensionType: name('extension type'), range })).optional(),
  rollout: rolloutSchema.optional(),
  supportWindows: supportWindowsSchema.optional(),
});

const DEFAULT_RING: RingPolicy = { name: 'default', maxParallel: 10, bakeMinutes: 0, maxFailureRatio: 0, requireApproval: false };

/** The policy when no file is given: every type managed; minor and major moves with a Kubernetes minor upgrade (the AKS core-extension rule); no stepping, holds or constraints; one ring. */
export function defaultPolicy(): Policy {
  return {
    allowMajor: true,
    stepMinors: false,
    minReleaseAgeDays: 0,
    holds: [],
    constraints: [],
    rollout: {
      ringTag: 'ring',
      rings: [],
      defaultRing: { ...DEFAULT_RING },
      approvalTimeoutMinutes: 1440,
      maintenanceWindows: [],
      healthCheckTimeoutMinutes: 15,
      healthCheckIntervalSeconds: 30,
    },
  };
}

type RingInput = { name?: string | undefined } & { [K in keyof typeof ringFields]?: unknown };

/** Fills a ring's unset fields from the default ring. */
function ring(input: RingInput, name: string, base: RingPolicy): RingPolicy {
  const r = input as Partial<RingPolicy>;
  return {
    name,
    maxParallel: r.maxParallel ?? base.maxParallel,
    bakeMinutes: r.bakeMinutes ?? base.bakeMinutes,
    maxFailureRatio: r.maxFailureRatio ?? base.maxFailureRatio,
    requireApproval: r.requireApproval ?? base.requireApproval,
    ...(r.maintenanceWindows ? { maintenanceWindows: r.maintenanceWindows } : {}),
    ...(r.minSuccessRatio !== undefined ? { minSuccessRatio: r.minSuccessRatio } : base.minSuccessRatio !== undefined ? { minSuccessRatio: base.minSuccessRatio } : {}),
  };
}

/** Validates a policy (already JSON-parsed) and fills defaults. Throws InputError naming `input`, the path and the problem. */
export function parsePolicy(value: unknown, input: string): Policy {
  const p = parseWith(policySchema, value, input);
  const d = defaultPolicy();
  const r = p.rollout ?? {};
  const defaultRing = ring(r.defaultRing ?? {}, r.defaultRing?.name ?? DEFAULT_RING.name, DEFAULT_RING);
  const rollout: RolloutPolicy = {
    ringTag: r.ringTag ?? d.rollout.ringTag,
    rings: (r.rings ?? []).map((x) => ring(x, x.name, defaultRing)),
    defaultRing,
    approvalTimeoutMinutes: r.approvalTimeoutMinutes ?? d.rollout.approvalTimeoutMinutes,
    maintenanceWindows: r.maintenanceWindows ?? [],
    healthCheckTimeoutMinutes: r.healthCheckTimeoutMinutes ?? d.rollout.healthCheckTimeoutMinutes,
    healthCheckIntervalSeconds: r.healthCheckIntervalSeconds ?? d.rollout.healthCheckIntervalSeconds,
    ...(r.healthGate ? { healthGate: { alertSeverities: r.healthGate.alertSeverities, extensionStatusLevels: r.healthGate.extensionStatusLevels } } : {}),
    ...(r.rollbackOnFailure !== undefined ? { rollbackOnFailure: r.rollbackOnFailure } : {}),
    ...(r.freezes ? { freezes: r.freezes.map(freezeOf) } : {}),
  };
  return {
    ...(p.extensionTypes ? { extensionTypes: p.extensionTypes.map((t) => t.toLowerCase()) } : {}),
    allowMajor: p.allowMajor ?? d.allowMajor,
    stepMinors: p.stepMinors ?? d.stepMinors,
    minReleaseAgeDays: p.minReleaseAgeDays ?? d.minReleaseAgeDays,
    holds: (p.holds ?? []).map((h) => ({ extensionType: h.extensionType, clusterTags: h.clusterTags ?? {}, clusterIds: h.clusterIds ?? [], ...(h.reason ? { reason: h.reason } : {}) })),
    constraints: p.constraints ?? [],
    rollout,
    ...(p.supportWindows ? { supportWindows: p.supportWindows.map((w) => ({ extensionType: w.extensionType.toLowerCase(), supportedMinors: w.supportedMinors })) } : {}),
  };
}
