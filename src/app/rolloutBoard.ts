/**
 * The status page's rollouts: the fleet rollout's live status (state, ring-by-ring tallies, bake or approval deadline,
 * halt) read from the durable instance, and the most recent finished rollouts from the audit log.
 */
import type { AuditLog } from '../domain/ports';
import { triggerLabel } from '../domain/rolloutTrigger';
import type { Trigger } from '../domain/ports';
import { FLEET_ROLLOUT_INSTANCE_ID, type RolloutStarter, type RolloutStatus } from '../host/rolloutContracts';

/** One ring's tally, as the fleet rollout reports it. */
export interface RingTally {
  name: string;
  clusters: number;
  succeeded: number;
  failed: number;
  skipped: number;
}

/** A rollout as the page shows it. */
export interface RolloutView {
  instanceId: string;
  rolloutId: string;
  runtimeStatus: RolloutStatus['runtimeStatus'];
  /** The fleet rollout's own state (planning, waiting-approval, rolling, baking, halted, completed, completed-with-failures), when reported. */
  state?: string;
  trigger?: string;
  dryRun?: boolean;
  ring?: string;
  rings: RingTally[];
  /** End of the bake or approval deadline (ISO-8601). */
  until?: string;
  halt?: { ring: string; code: string; reason: string };
  /** Present while the rollout waits for an approval no one has given yet. */
  approval?: { ring: string; clusters: number; deadline: string };
  /** The approval given for the ring the rollout waits on, before the rollout has taken it in (the page shows it at once). */
  approved?: { ring: string; by: string; at: string };
}

/** A finished rollout, from its last audit row. */
export interface RecentRollout {
  rolloutId: string;
  at: string;
  kind: string;
  code: string;
  reason: string;
  trigger: string;
}

/** What GET /api/ui/rollouts returns. */
export interface RolloutBoard {
  now: string;
  rollouts: RolloutView[];
  recent: RecentRollout[];
}

/** Finished fleet rollouts listed at most. */
export const RECENT_ROLLOUTS = 10;

/** Rollout-level rows read to find them (cluster rollouts write `rollout` rows too: those are left out). */
const RECENT_ROWS_READ = 500;

type Loose = Record<string, unknown>;
const obj = (v: unknown): Loose => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Loose) : {});
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

function tallies(v: unknown): RingTally[] {
  return Array.isArray(v) ? v.map(obj).map((r) => ({ name: str(r.name) ?? '?', clusters: num(r.clusters), succeeded: num(r.succeeded), failed: num(r.failed), skipped: num(r.skipped) })) : [];
}

function triggerOf(v: unknown): string | undefined {
  const t = obj(v);
  return t.kind === 'timer' || t.kind === 'event' || t.kind === 'manual' ? triggerLabel(t as unknown as Trigger) : undefined;
}

/** The page's view of a fleet rollout instance: custom status while it runs, its output once it ended. */
export function rolloutView(status: RolloutStatus): RolloutView {
  const input = obj(status.input);
  const custom = obj(status.customStatus);
  const output = obj(status.output);
  const rings = tallies(output.rings ?? custom.tallies);
  const state = str(output.state) ?? str(custom.state);
  const view: RolloutView = { instanceId: status.instanceId, rolloutId: str(input.rolloutId) ?? status.instanceId, runtimeStatus: status.runtimeStatus, rings };
  if (state !== undefined) view.state = state;
  const trigger = triggerOf(input.trigger);
  if (trigger !== undefined) view.trigger = trigger;
  if (typeof input.dryRun === 'boolean') view.dryRun = input.dryRun;
  const ring = str(custom.ring);
  if (ring !== undefined) view.ring = ring;
  const until = str(custom.until);
  if (until !== undefined && (state === 'baking' || state === 'waiting-approval')) view.until = until;
  const halt = obj(output.halt ?? custom.halt);
  if (str(halt.ring) !== undefined) view.halt = { ring: str(halt.ring)!, code: str(halt.code) ?? '', reason: str(halt.reason) ?? '' };
  const running = status.runtimeStatus === 'Running' || status.runtimeStatus === 'Pending';
  if (running && state === 'waiting-approval' && ring !== undefined && until !== undefined) {
    view.approval = { ring, clusters: rings[num(custom.ringIndex)]?.clusters ?? 0, deadline: until };
  }
  return view;
}

/** The fleet rollout's status and the most recent finished fleet rollouts (newest first). */
export async function rolloutBoard(starter: RolloutStarter, audit: AuditLog, now: Date): Promise<RolloutBoard> {
  const [fleet, ended] = await Promise.all([starter.status(FLEET_ROLLOUT_INSTANCE_ID), audit.query({ kinds: ['rollout', 'halted'], limit: RECENT_ROWS_READ })]);
  const rollouts = fleet.runtimeStatus === 'NotFound' ? [] : [rolloutView(fleet)];
  // an approval accepted by the route is shown at once, before the rollout takes it in: no second Approve button
  for (const view of rollouts.filter((v) => v.approval)) {
    const ring = view.approval!.ring.toLowerCase();
    const given = (await audit.query({ rolloutId: view.rolloutId, kinds: ['approved'] })).find((r) => r.ring?.toLowerCase() === ring);
    if (given) {
      view.approved = { ring: view.approval!.ring, by: given.actor ?? 'unknown', at: given.at };
      delete view.approval;
    }
  }
  const fleetLevel = ended.filter((r) => r.clusterId === '');
  const recent = fleetLevel.slice(-RECENT_ROLLOUTS).reverse().map((r) => ({ rolloutId: r.rolloutId, at: r.at, kind: r.kind, code: r.code, reason: r.reason, trigger: r.trigger }));
  return { now: now.toISOString(), rollouts, recent };
}
