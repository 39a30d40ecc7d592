/**
 * The monthly cost of one deployment from counts the benchmarks measure (executions, history events, storage
 * transactions, rows, events) and public prices. Prices were read on 2026-12-07 from the stored corpus of public pages;
 * those not found there are marked as assumptions (docs/scale-and-cost.md gives the sources).
 */

/** Prices in USD. `source` says where each was read, or that it is an assumption. */
export const PRICES = {
  flexGbSecond: { usd: 0.000026, source: 'modal.com, "Azure Functions pricing: Consumption vs. Flex Consumption" (2025-05-22): Flex Consumption on demand, East US' },
  flexPerMillionExecutions: { usd: 0.4, source: 'assumption (Azure Functions pricing page not in the stored corpus)' },
  flexFreeGbSeconds: { count: 100_000, source: 'assumption (free grant per subscription per month; the grant exists per Microsoft Learn, its size was not found stored)' },
  flexFreeExecutions: { count: 250_000, source: 'assumption (as above)' },
  storagePer10kTransactions: { usd: 0.00036, source: 'assumption (Table storage, standard LRS; queue and table transactions priced alike here)' },
  tableGbMonth: { usd: 0.045, source: 'assumption (Table storage capacity, standard LRS)' },
  eventGridPerMillion: { usd: 0.6, source: 'assumption (Event Grid basic operations)' },
} as const;

/** Instance memory of the template's Flex Consumption plan (GB). */
export const INSTANCE_GB = 2;

/** What one unit of work (a timer pass, or one cluster's move) costs in counts. */
export interface WorkCounts {
  executions: number;
  gbSeconds: number;
  historyEvents: number;
  storageTransactions: number;
  rowsWritten: number;
  events: number;
}

/** A month: `passes` timer passes and `moves` cluster moves. */
export interface MonthCost {
  executions: number;
  gbSeconds: number;
  storageTransactions: number;
  /** Audit and state rows added this month, GB (≈ 0.4 KB a row; the audit table keeps every row). */
  gbAdded: number;
  usd: { compute: number; executions: number; transactions: number; capacityAdded: number; events: number; total: number };
}

/** Bytes a stored row takes, about (an audit row's columns and keys). */
const ROW_BYTES = 400;

/** The month's counts and cost: `pass` × passes + `move` × moves, free grants taken off compute and executions. */
export function monthCost(pass: WorkCounts, passes: number, move: WorkCounts, moves: number): MonthCost {
  const executions = pass.executions * passes + move.executions * moves;
  const gbSeconds = pass.gbSeconds * passes + move.gbSeconds * moves;
  const storageTransactions = pass.storageTransactions * passes + move.storageTransactions * moves;
  const rows = pass.rowsWritten * passes + move.rowsWritten * moves;
  const events = pass.events * passes + move.events * moves;
  const gbAdded = (rows * ROW_BYTES) / 1e9;
  const usd = {
    compute: Math.max(0, gbSeconds - PRICES.flexFreeGbSeconds.count) * PRICES.flexGbSecond.usd,
    executions: (Math.max(0, executions - PRICES.flexFreeExecutions.count) / 1e6) * PRICES.flexPerMillionExecutions.usd,
    transactions: (storageTransactions / 1e4) * PRICES.storagePer10kTransactions.usd,
    // a month's added rows, billed for half the month on average (capacity is billed on the daily average)
    capacityAdded: (gbAdded / 2) * PRICES.tableGbMonth.usd,
    events: (events / 1e6) * PRICES.eventGridPerMillion.usd,
    total: 0,
  };
  usd.total = usd.compute + usd.executions + usd.transactions + usd.capacityAdded + usd.events;
  return { executions, gbSeconds, storageTransactions, gbAdded, usd };
}
