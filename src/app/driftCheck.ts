/**
 * The drift check of a discovery (issue 24): compares each cluster's installed versions with the ones the app last saw
 * and wrote, records every change nobody in a rollout made (an audit row, an `ExtensionDrifted` event) and remembers
 * what it saw. Reported, never reverted. At most MAX_DRIFTS_PER_PASS drifts a pass: a cluster past it keeps its old
 * record, so its drifts are reported by a later pass. A store that fails never stops the plan.
 */
import { driftNotification, driftRow, undeliveredRows, type RowContext } from '../domain/auditRows';
import { driftsOf, installedRecord, MAX_DRIFTS_PER_PASS, type Drift, type InstalledRecord } from '../domain/drift';
import { errorMessage } from '../domain/inputError';
import type { ClusterSnapshot, Policy } from '../domain/model';
import type { AuditLog, FailedVersionHoldStore, InstalledVersionStore, Notifier } from '../domain/ports';
import type { StateLookup } from './snapshot';

/** What the drift check reads and writes. */
export interface DriftPorts {
  installed?: InstalledVersionStore;
  holds?: FailedVersionHoldStore;
  audit: AuditLog;
  notifier: Notifier;
  policy: Policy;
}

/** The drifts found and reported this pass (empty when there is no store or it could not be read). */
export async function checkDrift(clusters: readonly ClusterSnapshot[], stateOf: StateLookup, ports: DriftPorts, ctx: RowContext, onWarning: (message: string) => void = () => undefined): Promise<Drift[]> {
  if (!ports.installed || clusters.length === 0) return [];
  let previous: Map<string, InstalledRecord>;
  try {
    previous = await ports.installed.get(clusters.map((c) => c.id));
  } catch (error) {
    onWarning(`installed versions could not be read: no drift check this pass (${errorMessage(error)})`);
    return [];
  }
  const failed = ports.holds ? await ports.holds.list().catch(() => []) : [];
  const drifts: Drift[] = [];
  const records: InstalledRecord[] = [];
  for (const cluster of clusters) {
    const before = previous.get(cluster.id.toLowerCase());
    const found = driftsOf(cluster, before, stateOf(cluster.id)?.reconciledKubernetesVersion, ports.policy.holds, failed);
    if (drifts.length + found.length > MAX_DRIFTS_PER_PASS) continue; // reported by a later pass
    drifts.push(...found);
    records.push(installedRecord(cluster, before, ctx.at));
  }
  if (drifts.length > 0) {
    await ports.audit.append(drifts.map((d) => driftRow(ctx, d)));
    const events = drifts.map((d) => driftNotification(ctx, d));
    const result = await ports.notifier.publish(events);
    if (result.undelivered > 0) await ports.audit.append(undeliveredRows(events, result.error));
  }
  try {
    await ports.installed.putMany(records);
  } catch (error) {
    onWarning(`installed versions could not be written: the same drifts may be reported again (${errorMessage(error)})`);
  }
  return drifts;
}
