/**
 * The soak's invariants, checked after every step from what the world shows — the simulator's record of completed
 * writes, the world as it was before the step, the audit table, the notifications received — against the independent
 * oracle (soak/oracle.ts, written from the rules' text, importing nothing of src/domain). Nothing here asks the app what
 * it meant to do, except the reconciled versions in the convergence check (see docs/soak.md).
 */
import * as semver from 'semver';
import type { FleetSnapshot, Freeze, MaintenanceWindow, Policy } from '../src/domain/model';
import type { AuditRecord } from '../src/domain/ports';
import type { FailedVersionHold } from '../src/domain/versionHolds';
import { toCatalog } from '../simulator/toCatalog';
import type { SimFleet } from '../simulator/types';
import { oraclePlan } from './oracle';
import type { AskedHop, SoakWorld } from './soakWorld';

/** What the world looked like when a step began. */
export interface Before {
  snapshot: FleetSnapshot;
  fleet: SimFleet;
  policy: Policy;
  holds: FailedVersionHold[];
  now: Date;
  writes: number;
  asked: number;
}

/** What the checks remember across steps. */
export interface Ledger {
  /** Each cluster's Kubernetes version when the soak began (its window can only have opened above it). */
  baseline: Map<string, string>;
  /** Writes seen so far by key, and an epoch per extension bumped by anything that may make a hop legitimately due again. */
  written: Set<string>;
  epoch: Map<string, number>;
  /** Indices (in the simulator's write record) of the writes that were rollbacks: matched to rollback rows by target. */
  rollbacks: Set<number>;
}

const lower = (s: string): string => s.toLowerCase();
const extKey = (clusterId: string, name: string): string => `${lower(clusterId)}|${lower(name)}`;
const hopKey = (clusterId: string, name: string, from: string | null, to: string | null): string => `${extKey(clusterId, name)}|${from ?? ''}|${to ?? ''}`;

/** Captures the world before a step. */
export async function before(soak: SoakWorld): Promise<Before> {
  const { sim, services } = soak.world;
  return {
    snapshot: sim.snapshot(),
    fleet: structuredClone(sim.fleet),
    policy: services.policy,
    holds: await services.holds.list(),
    now: soak.harness.now,
    writes: sim.counters().writesApplied.length,
    asked: soak.asked.length,
  };
}

/** A new ledger: every cluster's Kubernetes version now is its baseline. */
export function newLedger(soak: SoakWorld): Ledger {
  return { baseline: new Map(soak.world.sim.fleet.clusters.map((c) => [lower(c.id), c.kubernetesVersion])), written: new Set(), epoch: new Map(), rollbacks: new Set() };
}

/**
 * The simulator's catalog as the oracle reads it: toCatalog lists, per version, only the cluster types that have
 * unsupported Kubernetes versions; every other type is unrestricted (`*`).
 */
export function oracleCatalog(fleet: SimFleet): ReturnType<typeof toCatalog> {
  const catalog = toCatalog(fleet);
  for (const t of Object.values(catalog.extensionTypes)) {
    for (const v of t.versions) if (v.kubernetes && typeof v.kubernetes === 'object') v.kubernetes = { '*': '*', ...v.kubernetes };
  }
  return catalog;
}

/** The targets the rules allow for each extension before the step, with its upgrade window closed and (if it may be) open. */
function allowedTargets(b: Before, ledger: Ledger): Map<string, Set<string>> {
  const catalog = oracleCatalog(b.fleet);
  const minor = (v: string): number => semver.coerce(v)?.minor ?? -1;
  const out = new Map<string, Set<string>>();
  for (const open of [false, true]) {
    const clusters = b.snapshot.clusters.map((c) => {
      const base = ledger.baseline.get(lower(c.id)) ?? c.kubernetesVersion;
      // open only when its Kubernetes minor rose above where the soak began: reconciled at the baseline
      const reconciled = open && minor(c.kubernetesVersion) > minor(base) ? base : c.kubernetesVersion;
      return { ...c, reconciledKubernetesVersion: reconciled };
    });
    for (const d of oraclePlan({ snapshot: { clusters }, catalog, policy: b.policy, now: b.now })) {
      if (d.action !== 'upgrade') continue;
      const set = out.get(extKey(d.clusterId, d.extensionName)) ?? new Set<string>();
      for (const hop of d.path) set.add(hop);
      out.set(extKey(d.clusterId, d.extensionName), set);
    }
  }
  return out;
}

function freezeCovers(f: Freeze, at: Date, clusterId: string, tags: Record<string, string>): boolean {
  if (at < new Date(f.from) || at >= new Date(f.to)) return false;
  const ids = f.clusterIds.length === 0 || f.clusterIds.some((id) => lower(id) === lower(clusterId));
  return ids && Object.entries(f.clusterTags).every(([k, v]) => tags[k] === v);
}

function windowOpen(windows: MaintenanceWindow[] | undefined, at: Date): boolean {
  if (!windows || windows.length === 0) return true;
  return windows.some((w) => {
    const [h, m] = w.start.split(':').map(Number);
    const start = Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate(), h, m);
    return [start - 86_400_000, start].some((s) => w.days.includes(new Date(s).getUTCDay()) && at.getTime() >= s && at.getTime() < s + w.durationMinutes * 60_000);
  });
}

/** Every audit row of the world (a fresh read from Azurite). */
export function auditRows(soak: SoakWorld): Promise<AuditRecord[]> {
  return soak.world.services.audit.query({ limit: 1_000_000 });
}

/**
 * Every write of the step, checked against the world before it; returns the violations found. A write is a rollback
 * when a rollback row of the step re-pinned that version of that extension (a hop whose operation failed leaves the
 * extension Failed at its old version: the rollback re-pins the same version, a write from X to X).
 */
export function checkWrites(soak: SoakWorld, b: Before, ledger: Ledger, rows: readonly AuditRecord[]): string[] {
  const problems: string[] = [];
  const since = b.now.toISOString();
  const rolledBack = new Set(rows.filter((r) => r.kind === 'rollback' && r.at >= since).map((r) => `${extKey(r.clusterId, r.extensionName)}|${r.to ?? ''}`));
  const writes = soak.world.sim.counters().writesApplied.slice(b.writes);
  const asked = soak.asked.slice(b.asked);
  const allowed = writes.length > 0 ? allowedTargets(b, ledger) : new Map<string, Set<string>>();
  for (const [i, w] of writes.entries()) {
    const name = `${w.clusterId} ${w.extensionName} ${w.from} → ${w.to}`;
    const cluster = b.fleet.clusters.find((c) => lower(c.id) === lower(w.clusterId));
    const ext = cluster?.extensions.find((x) => lower(x.name) === lower(w.extensionName));
    if (!cluster || !ext) {
      problems.push(`write to an extension that did not exist: ${name}`);
      continue;
    }
    const key = extKey(w.clusterId, w.extensionName);
    const epoch = ledger.epoch.get(key) ?? 0;
    if (rolledBack.has(`${key}|${w.to}`)) {
      ledger.rollbacks.add(b.writes + i);
      ledger.epoch.set(key, epoch + 1);
      continue;
    }
    const once = `${hopKey(w.clusterId, w.extensionName, w.from, w.to)}#${epoch}`;
    if (w.from === w.to) problems.push(`hop written twice: ${name} (the extension was already at ${w.to})`);
    else if (ledger.written.has(once)) problems.push(`hop written twice: ${name}`);
    ledger.written.add(once);
    if (ext.managedBy || (ext.managementDetails?.accessDetails ?? []).some((a) => lower(a.entity ?? '') === 'users' && !(a.allowedActions ?? []).map(lower).includes('write'))) problems.push(`write to a managed extension: ${name}`);
    if (ext.autoUpgradeMinorVersion) problems.push(`write to a platform-owned extension: ${name} (autoUpgradeMinorVersion)`);
    if ((cluster.connectivityStatus !== undefined && cluster.connectivityStatus !== 'Connected') || cluster.powerState === 'Stopped') problems.push(`write to an offline cluster: ${name}`);
    if (b.holds.some((h) => lower(h.extensionType) === lower(ext.extensionType) && h.version === w.to)) problems.push(`write to a held version: ${name}`);
    if (!allowed.get(key)?.has(w.to)) problems.push(`write the rules do not allow: ${name} (not on the oracle's path, window closed${semver.coerce(cluster.kubernetesVersion)?.minor !== semver.coerce(ledger.baseline.get(lower(cluster.id)) ?? '')?.minor ? ' or open' : ''})`);
    const ask = [...asked].reverse().find((a: AskedHop) => extKey(a.clusterId, a.extensionName) === key && a.version === w.to);
    if (!ask) problems.push(`write the app never asked the writer for: ${name}`);
    else {
      const when = new Date(ask.at);
      const freeze = (b.policy.rollout.freezes ?? []).find((f) => freezeCovers(f, when, cluster.id, cluster.tags));
      if (freeze) problems.push(`write in a frozen scope: ${name} at ${ask.at} (frozen ${freeze.from}..${freeze.to})`);
      if (!windowOpen(b.policy.rollout.maintenanceWindows, when)) problems.push(`write outside the maintenance window: ${name} at ${ask.at}`);
    }
  }
  return problems;
}

/** Audit rows against the simulator's writes (cumulative), notifications once per id, halted rollouts write nothing more. */
export function checkRecords(soak: SoakWorld, ledger: Ledger, rows: readonly AuditRecord[]): string[] {
  const problems: string[] = [];
  const rowsByHop = new Map<string, AuditRecord[]>();
  for (const r of rows) {
    if (!['applied', 'failed', 'rollback', 'skipped'].includes(r.kind) || !r.extensionName) continue;
    if (r.kind === 'skipped' && r.code !== 'throttled') continue;
    // a rollback row names the failed hop as `from`; its write is matched by the version re-pinned
    const k = hopKey(r.clusterId, r.extensionName, r.kind === 'rollback' ? 'rollback' : r.from, r.to);
    rowsByHop.set(k, [...(rowsByHop.get(k) ?? []), r]);
  }
  const writes = new Map<string, number>();
  for (const [i, w] of soak.world.sim.counters().writesApplied.entries()) {
    const k = hopKey(w.clusterId, w.extensionName, ledger.rollbacks.has(i) ? 'rollback' : w.from, w.to);
    writes.set(k, (writes.get(k) ?? 0) + 1);
  }
  for (const [k, n] of writes) {
    const recorded = rowsByHop.get(k) ?? [];
    if (recorded.length < n) problems.push(`write without its audit row: ${k} (${n} writes, ${recorded.length} rows)`);
  }
  for (const [k, recorded] of rowsByHop) {
    const applied = recorded.filter((r) => r.kind === 'applied');
    if (applied.length > (writes.get(k) ?? 0)) problems.push(`applied row without its write: ${k} (${applied.length} rows, ${writes.get(k) ?? 0} writes)`);
    const perRollout = new Set(applied.map((r) => r.rolloutId));
    if (perRollout.size < applied.length) problems.push(`hop recorded applied twice in one rollout: ${k}`);
  }
  // a crash after the publish and before the checkpoint redelivers the same notification (at-least-once, same id and
  // payload: consumers drop it by id); two different notifications under one id are a violation
  const byId = new Map<string, string>();
  for (const e of soak.world.receiver.events) {
    const payload = JSON.stringify({ type: e.type, data: e.data });
    const seen = byId.get(e.id);
    if (seen !== undefined && seen !== payload) problems.push(`two different notifications under one id: ${e.id}`);
    byId.set(e.id, payload);
  }
  for (const halt of rows.filter((r) => r.kind === 'halted')) {
    const late = rows.find((r) => r.rolloutId === halt.rolloutId && (r.kind === 'applied' || r.kind === 'failed') && r.at > halt.at);
    if (late) problems.push(`halted rollout wrote after its halt: ${halt.rolloutId} halted at ${halt.at}, then ${late.clusterId} ${late.extensionName} ${late.from} → ${late.to} at ${late.at}`);
  }
  return problems;
}

/** Bumps the epoch of an extension a step changed from outside (a drift), or of every extension (holds cleared). */
export function touched(ledger: Ledger, clusterId?: string, name?: string): void {
  if (clusterId === undefined || name === undefined) {
    for (const [k, v] of ledger.epoch) ledger.epoch.set(k, v + 1);
    ledger.written.clear();
    return;
  }
  const k = extKey(clusterId, name);
  ledger.epoch.set(k, (ledger.epoch.get(k) ?? 0) + 1);
}
