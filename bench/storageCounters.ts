/**
 * Counts the Table storage transactions and Event Grid events the app's own stores would send, on top of the in-memory
 * ports the replay harness uses: each port call is turned into the requests its Table adapter sends (src/azure/tables:
 * 100-entity transactions per partition, partition queries above 16 ids, point reads below, one point read per plan
 * chunk). The task hub's own transactions are estimated from the harness's counts (see durableTransactions).
 */
import type { AuditRecord, ClusterState, Notification, PlannedClusterRef } from '../src/domain/ports';
import type { Services } from '../src/host/services';
import type { MetricsReport } from '../simulator/world/harnessMetrics';
import { PLAN_CHUNK_SIZE } from '../src/azure/tables/tableRolloutPlanStore';

/** Requests counted so far. */
export interface StorageCounts {
  tableTransactions: number;
  /** Rows (entities) written to the app's tables: audit, state, plan chunks. */
  rowsWritten: number;
  auditRows: number;
  events: number;
}

const groups = <T>(items: readonly T[], key: (item: T) => string): number[] => {
  const sizes = new Map<string, number>();
  for (const item of items) sizes.set(key(item), (sizes.get(key(item)) ?? 0) + 1);
  return [...sizes.values()];
};
const batches = (sizes: number[], per = 100): number => sizes.reduce((n, size) => n + Math.ceil(size / per), 0);
const subscriptionOf = (id: string): string => (id.split('/')[2] ?? '').toLowerCase();

/** Wraps the services' audit, state, plans and notifier with counters; returns the counts (live). */
export function countStorage(services: Services): StorageCounts {
  const counts: StorageCounts = { tableTransactions: 0, rowsWritten: 0, auditRows: 0, events: 0 };
  const { audit, state, plans, notifier } = services;
  const append = audit.append.bind(audit);
  audit.append = (rows: AuditRecord[]) => {
    counts.tableTransactions += batches(groups(rows, (r) => r.rolloutId));
    counts.rowsWritten += rows.length;
    counts.auditRows += rows.length;
    return append(rows);
  };
  const get = state.get.bind(state);
  state.get = (ids: string[]) => {
    for (const size of groups(ids, subscriptionOf)) counts.tableTransactions += size > 16 ? Math.ceil(size / 1000) : size;
    return get(ids);
  };
  // an in-memory putMany may call put for each state: those inner calls are the batch's, not requests of their own
  let inPutMany = false;
  const put = state.put.bind(state);
  state.put = (s: ClusterState) => {
    if (!inPutMany) {
      counts.tableTransactions++;
      counts.rowsWritten++;
    }
    return put(s);
  };
  const putMany = state.putMany.bind(state);
  state.putMany = async (states: ClusterState[]) => {
    counts.tableTransactions += batches(groups(states, (s) => subscriptionOf(s.clusterId)));
    counts.rowsWritten += states.length;
    inPutMany = true;
    try {
      await putMany(states);
    } finally {
      inPutMany = false;
    }
  };
  const write = plans.write.bind(plans);
  plans.write = (planId: string, rings: PlannedClusterRef[][]) => {
    const chunks = rings.reduce((n, r) => n + Math.ceil(r.length / PLAN_CHUNK_SIZE), 0);
    counts.tableTransactions += Math.ceil(chunks / 100);
    counts.rowsWritten += chunks;
    return write(planId, rings);
  };
  const read = plans.read.bind(plans);
  plans.read = (planId: string, ringIndex: number, offset: number, count: number) => {
    counts.tableTransactions += count > 0 ? Math.floor((offset + count - 1) / PLAN_CHUNK_SIZE) - Math.floor(offset / PLAN_CHUNK_SIZE) + 1 : 0;
    return read(planId, ringIndex, offset, count);
  };
  const remove = plans.delete.bind(plans);
  plans.delete = async (planIds: string[]) => {
    const rows = await remove(planIds);
    counts.tableTransactions += planIds.length + Math.ceil(rows / 100);
    return rows;
  };
  const sweep = plans.deleteAllBut.bind(plans);
  plans.deleteAllBut = async (prefix: string) => {
    const rows = await sweep(prefix);
    counts.tableTransactions += 1 + Math.ceil(rows / 100);
    return rows;
  };
  const publish = notifier.publish.bind(notifier);
  notifier.publish = (events: Notification[]) => {
    counts.events += events.length;
    return publish(events);
  };
  return counts;
}

/**
 * The Azure Storage backend's transactions for what the harness counted — an estimate, not a measurement (no task hub
 * runs here): per activity 4 (work-item message put, get, delete; its result put on a control queue), per orchestrator
 * episode 5 (control-queue get and delete, history read, history batch write, instance row update), per execution
 * started 2 (start message, instance row). Idle polling (each queue polled at most every 30 s per instance) comes on top.
 */
export function durableTransactions(metrics: MetricsReport): number {
  const activities = Object.values(metrics.activities.calls).reduce((n, c) => n + c, 0);
  return activities * 4 + metrics.total.episodes * 5 + metrics.total.executions * 2;
}
