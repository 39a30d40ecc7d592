import { auditCommand, auditTable } from '../../src/cli/auditCommand';
import { createTableStores } from '../../src/azure/tables/tableStores';
import { isInputError } from '../../src/domain/inputError';
import type { AuditRecord } from '../../src/domain/ports';
import { startAzurite, type AzuriteTables } from '../../simulator/world/azurite';

const CLUSTER = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks-prod-westeurope-01';
const OTHER = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Kubernetes/connectedClusters/arc-edge';

const rows: AuditRecord[] = [
  { rolloutId: 'fleet-2025-01-01T00:00:00Z', clusterId: CLUSTER, extensionName: 'flux', extensionType: 'microsoft.flux', kind: 'applied', from: '1.10.0', to: '1.10.2', moveKind: 'patch', code: 'applied', reason: 'hop applied', trigger: 'timer', at: '2025-01-01T00:01:00.000Z' },
  { rolloutId: 'fleet-2025-01-01T00:00:00Z', clusterId: CLUSTER, extensionName: 'dapr', extensionType: 'microsoft.dapr', kind: 'planned', from: '1.12.0', to: '1.13.0', moveKind: 'minor', code: 'minor-waits-for-kubernetes-upgrade', reason: 'waits', trigger: 'timer', at: '2025-01-01T00:02:00.000Z' },
  { rolloutId: 'fleet-2025-01-01T00:00:00Z', clusterId: OTHER, extensionName: 'flux', extensionType: 'microsoft.flux', kind: 'failed', from: '1.10.0', to: '1.10.2', moveKind: 'patch', code: 'apply-failed', reason: 'ARM said no', trigger: 'timer', armError: 'Conflict', at: '2025-01-01T00:03:00.000Z' },
  { rolloutId: 'fleet-2025-01-02T00:00:00Z', clusterId: CLUSTER, extensionName: '', extensionType: '', kind: 'rollout', from: null, to: null, moveKind: null, code: 'rollout-completed', reason: 'done', trigger: 'manual', at: '2025-01-02T00:09:00.000Z' },
];

describe('audit command against Azurite', () => {
  let azurite: AzuriteTables;
  beforeAll(async () => {
    azurite = await startAzurite();
    await createTableStores({ connectionString: azurite.connectionString }).audit.append(rows);
  });
  afterAll(async () => {
    await azurite.stop();
  });

  async function run(options: Partial<Parameters<typeof auditCommand>[0]>): Promise<string> {
    let out = '';
    await auditCommand({ connectionString: azurite.connectionString, output: 'table', ...options }, { stdout: (s) => (out += s) });
    return out;
  }

  it('prints a cluster\'s rows as JSON {rows}, oldest first, across rollouts', async () => {
    const doc = JSON.parse(await run({ cluster: CLUSTER.toUpperCase(), output: 'json' })) as { rows: AuditRecord[] };
    expect(doc.rows).toEqual([rows[0], rows[1], rows[3]]);
  });

  it('prints a rollout\'s rows as JSON, limited to the most recent', async () => {
    const doc = JSON.parse(await run({ rollout: 'fleet-2025-01-01T00:00:00Z', limit: 2, output: 'json' })) as { rows: AuditRecord[] };
    expect(doc.rows).toEqual([rows[1], rows[2]]);
  });

  it('prints a readable table within 120 columns: the whole rollout id, action, code, then actor and reason', async () => {
    const text = await run({ rollout: 'fleet-2025-01-01T00:00:00Z' });
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(9);
    expect(lines[0]).toMatch(/^TIME \(UTC\)\s+CLUSTER\s+EXTENSION\s+ACTION\s+FROM→TO\s+CODE$/);
    expect(lines[1]).toBe('rollout fleet-2025-01-01T00:00:00Z');
    expect(lines[2]).toMatch(/^2025-01-01 00:01 +aks-prod-westeurope-01 +flux +applied +1\.10\.0→1\.10\.2 +applied$/);
    expect(lines[3]).toMatch(/^ {17}hop applied$/);
    expect(lines[4]).toContain('minor-waits-for-kubernetes-upgrade');
    expect(lines[6]).toMatch(/arc-edge +flux +failed +1\.10\.0→1\.10\.2 +apply-failed$/);
    expect(lines[7]).toMatch(/^ {17}ARM said no$/);
    expect(lines[8]).toBe('3 rows');
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(120);
  });

  it('names who approved: the actor beside the reason', () => {
    const approved: AuditRecord = { ...rows[3]!, kind: 'approved', code: 'approved', clusterId: '', actor: 'alice@example.com', reason: 'ring prod approved by alice@example.com', ring: 'prod' };
    const lines = auditTable([approved]).trimEnd().split('\n');
    expect(lines.slice(1, 4)).toEqual(['rollout fleet-2025-01-02T00:00:00Z', expect.stringMatching(/^2025-01-02 00:09 +- +- +approved +- +approved$/), `${' '.repeat(17)}by alice@example.com · ring prod approved by alice@example.com`]);
  });

  it('prints an empty table for an unknown rollout', async () => {
    expect((await run({ rollout: 'nope' })).trimEnd().split('\n')).toEqual([expect.stringMatching(/^TIME/), '0 rows']);
  });

  it.each([
    [{ cluster: undefined, rollout: undefined }, '--cluster/--rollout'],
    [{ rollout: 'r', limit: 0 }, '--limit'],
    [{ rollout: 'r', output: 'yaml' as 'json' }, '--output'],
    [{ rollout: 'r', connectionString: undefined }, '--connection-string/--endpoint'],
  ])('rejects bad options %j with an InputError naming %s', async (options, path) => {
    let thrown: unknown;
    try {
      await run(options);
    } catch (error) {
      thrown = error;
    }
    expect(isInputError(thrown)).toBe(true);
    expect((thrown as { path: string }).path).toBe(path);
  });
});
