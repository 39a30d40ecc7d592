/**
 * P4: audit rows written by the app's audit log (100-entity transactions, four in flight) against one upsert per row,
 * on Azurite.
 */
import { TableClient } from '@azure/data-tables';
import { createTableStores } from '../src/azure/tables/tableStores';
import type { AuditRecord } from '../src/domain/ports';
import { startAzuriteProcess } from '../simulator/world/azuriteProcess';
import type { BenchLine } from './benchReport';

const ROWS = 2000;

/** ROWS audit rows of one rollout, as a rollout's planned rows look. */
export function rows(rolloutId: string): AuditRecord[] {
  const cluster = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks-bench';
  return Array.from({ length: ROWS }, (_, i) => ({
    rolloutId,
    clusterId: cluster,
    extensionName: `ext-${i}`,
    extensionType: 'microsoft.flux',
    kind: 'planned' as const,
    from: '1.8.2',
    to: '1.8.5',
    moveKind: 'patch' as const,
    code: 'patch-available' as const,
    reason: 'Move 1.8.2 → 1.8.5: patch 1.8.5 is available on the 1.8 line.',
    trigger: 'timer',
    at: new Date(Date.UTC(2026, 0, 1, 0, 0, 0, i)).toISOString(),
  }));
}

/** Rows per second the app's audit log writes in its batched transactions on `audit`: best of three runs of ROWS rows. */
export async function batchedRowsPerSecond(audit: { append(rows: AuditRecord[]): Promise<void> }, label: string): Promise<{ rowsPerSecond: number; ms: number }> {
  await audit.append(rows(`${label}-warm-up`).slice(0, 10));
  let ms = Infinity;
  for (const run of [1, 2, 3]) {
    const t = process.hrtime.bigint();
    await audit.append(rows(`${label}-${run}`));
    ms = Math.min(ms, Number(process.hrtime.bigint() - t) / 1e6);
  }
  return { rowsPerSecond: (ROWS / ms) * 1000, ms };
}

/** Runs P4. */
export async function benchAudit(): Promise<BenchLine> {
  const azurite = await startAzuriteProcess();
  try {
    const { audit } = createTableStores({ connectionString: azurite.connectionString });
    await audit.append(rows('warm-up').slice(0, 10));
    // best of three runs each way (a shared machine's noise only ever adds time)
    let batchedMs = Infinity;
    for (const run of [1, 2, 3]) {
      const t = process.hrtime.bigint();
      await audit.append(rows(`batched-${run}`));
      batchedMs = Math.min(batchedMs, Number(process.hrtime.bigint() - t) / 1e6);
    }

    const single = TableClient.fromConnectionString(azurite.connectionString, 'ExtensionAuditSingle', { allowInsecureConnection: true });
    await single.createTable();
    let singleMs = Infinity;
    for (const run of [1, 2, 3]) {
      const t = process.hrtime.bigint();
      for (const [i, row] of rows(`single-${run}`).entries()) {
        await single.upsertEntity({ partitionKey: row.rolloutId, rowKey: String(i).padStart(6, '0'), ...row }, 'Replace');
      }
      singleMs = Math.min(singleMs, Number(process.hrtime.bigint() - t) / 1e6);
    }
    const stored = (await audit.query({ rolloutId: 'batched-3', limit: ROWS + 1 })).length;
    return {
      id: 'P4',
      title: `audit: ${ROWS} rows in 100-entity transactions vs single upserts (Azurite)`,
      ratio: singleMs / batchedMs,
      comparison: '>=',
      target: 5,
      unit: '×',
      details: { rows: ROWS, batchedMs, singleMs, batchedRowsPerSecond: (ROWS / batchedMs) * 1000, singleRowsPerSecond: (ROWS / singleMs) * 1000, stored },
      condition: { text: 'every batched row stored', holds: stored === ROWS },
    };
  } finally {
    await azurite.stop();
  }
}
