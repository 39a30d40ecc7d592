import { TableClient } from '@azure/data-tables';
import type { AuditRecord } from '../../../src/domain/ports';
import { AUDIT_TABLE, TableAuditLog } from '../../../src/azure/tables/tableAuditLog';
import { startAzurite, type AzuriteTables } from '../../../simulator/world/azurite';

const CLUSTER_A = '/subscriptions/sub-1/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks-a';
const CLUSTER_B = '/subscriptions/sub-1/resourceGroups/rg/providers/Microsoft.Kubernetes/connectedClusters/arc-b';

function row(overrides: Partial<AuditRecord> = {}): AuditRecord {
  return {
    rolloutId: 'fleet-2025-01-01T00:00:00Z',
    clusterId: CLUSTER_A,
    extensionName: 'flux',
    extensionType: 'microsoft.flux',
    kind: 'applied',
    from: '1.10.0',
    to: '1.10.2',
    moveKind: 'patch',
    code: 'applied',
    reason: 'hop applied',
    trigger: 'timer',
    at: '2025-01-01T00:01:00.000Z',
    ...overrides,
  };
}

describe('TableAuditLog against Azurite', () => {
  let azurite: AzuriteTables;
  let client: TableClient;
  let log: TableAuditLog;

  beforeAll(async () => {
    azurite = await startAzurite();
    client = TableClient.fromConnectionString(azurite.connectionString, AUDIT_TABLE, {
      allowInsecureConnection: true,
      retryOptions: { maxRetries: 0 },
    });
    log = new TableAuditLog(client, { retries: 40, retryDelayMs: 20 });
  });
  afterAll(async () => {
    await azurite.stop();
  });

  it('appends rows and finds them by rollout and by cluster, without null columns', async () => {
    const rows = [
      row({ rolloutId: 'r-query' }),
      row({ rolloutId: 'r-query', clusterId: CLUSTER_B, kind: 'failed', code: 'apply-failed', armError: 'Conflict: busy', at: '2025-01-01T00:02:00.000Z' }),
      row({ rolloutId: 'r-other', extensionName: '', extensionType: '', kind: 'ring', from: null, to: null, moveKind: null, code: 'ring-completed', ring: 'canary', at: '2025-01-01T00:03:00.000Z' }),
    ];
    await log.append(rows);

    expect(await log.query({ rolloutId: 'r-query' })).toEqual([rows[0], rows[1]]);
    const byCluster = await log.query({ clusterId: CLUSTER_A.toUpperCase() });
    expect(byCluster).toEqual([rows[0], rows[2]]);
    expect(await log.query({ clusterId: CLUSTER_B, rolloutId: 'r-query' })).toEqual([rows[1]]);
    expect(await log.query({ rolloutId: 'r-query', limit: 1 })).toEqual([rows[1]]);
    const stored: Record<string, unknown>[] = [];
    for await (const e of client.listEntities<Record<string, unknown>>({ queryOptions: { filter: "rolloutId eq 'r-other'" } })) stored.push(e);
    expect(stored).toHaveLength(1);
    expect(stored[0]).not.toHaveProperty('from');
    expect(stored[0]!.ring).toBe('canary');
  });

  it('is idempotent: appending the same rows twice keeps one copy', async () => {
    const rows = [row({ rolloutId: 'r-idem' }), row({ rolloutId: 'r-idem', to: '1.10.3', at: '2025-01-01T00:05:00.000Z' })];
    await log.append(rows);
    await log.append(rows);
    await log.append([...rows, ...rows]);
    expect(await log.query({ rolloutId: 'r-idem' })).toHaveLength(2);
  });

  it('writes >100 rows of one rollout in several transactions and keeps hostile ids intact', async () => {
    const rolloutId = 'fleet/#?\\ rollout ✓ 集群\u0001';
    const hostileCluster = '/subscriptions/s/resourceGroups/r#g?/providers/Microsoft.ContainerService/managedClusters/c\\ü🚀';
    const rows = Array.from({ length: 250 }, (_, i) =>
      row({ rolloutId, clusterId: i % 2 === 0 ? hostileCluster : CLUSTER_B, extensionName: `ext-${i}/#?`, at: `2025-01-02T00:00:${String(i % 60).padStart(2, '0')}.${String(i).padStart(3, '0')}Z` }),
    );
    const before = log.transactions;
    await log.append(rows);
    expect(log.transactions - before).toBe(3);

    const read = await log.query({ rolloutId });
    expect(read).toHaveLength(250);
    expect(new Set(read.map((r) => r.extensionName))).toEqual(new Set(rows.map((r) => r.extensionName)));
    expect(read.every((r) => r.rolloutId === rolloutId)).toBe(true);
    const hostile = await log.query({ clusterId: hostileCluster });
    expect(hostile).toHaveLength(125);
    expect(hostile[0]!.clusterId).toBe(hostileCluster);
  });

  it('loses nothing when Azurite is unavailable during a write', async () => {
    const rows = Array.from({ length: 30 }, (_, i) => row({ rolloutId: 'r-outage', extensionName: `e${i}` }));
    await azurite.pause();
    const writing = log.append(rows);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await azurite.resume();
    await writing;
    expect(await log.query({ rolloutId: 'r-outage' })).toHaveLength(30);
  });

  it('gives up with the error when the outage outlasts the retry budget', async () => {
    const impatient = new TableAuditLog(client, { retries: 1, retryDelayMs: 1 });
    await impatient.query({ rolloutId: 'x' }); // table known to exist
    await azurite.pause();
    try {
      await expect(impatient.append([row({ rolloutId: 'r-lost' })])).rejects.toThrow();
    } finally {
      await azurite.resume();
    }
  });

  it('orders rows of one step as they happen: event, planned, action, rollout outcome', async () => {
    const at = '2026-02-02T02:02:02.000Z';
    const base = { rolloutId: 'order-1', clusterId: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/o', extensionType: 't', from: null, to: null, moveKind: null, reason: 'r', trigger: 'timer', at } as const;
    await log.append([
      { ...base, extensionName: '', kind: 'rollout', code: 'cluster-reconciled' },
      { ...base, extensionName: 'b', kind: 'applied', code: 'applied' },
      { ...base, extensionName: 'a', kind: 'applied', code: 'applied' },
      { ...base, extensionName: 'a', kind: 'planned', code: 'patch-available' },
      { ...base, extensionName: '', kind: 'event', code: 'event-accepted' },
    ]);
    const kinds = (await log.query({ rolloutId: 'order-1' })).map((r) => `${r.kind}:${r.extensionName}`);
    expect(kinds).toEqual(['event:', 'planned:a', 'applied:a', 'applied:b', 'rollout:']);
  });
});
