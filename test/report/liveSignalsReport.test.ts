/** Issue 24: the live signals section of the reports: out of support first, versions per region, drifts newest first. */
import type { Decision } from '../../src/domain/model';
import type { AuditRecord } from '../../src/domain/ports';
import { liveSignalsMarkdown, liveSignalsReport, MAX_SUPPORT_ROWS } from '../../src/report/liveSignalsReport';

const AKS = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/';
const decision = (cluster: string, name: string, from: string, inSupport?: boolean): Decision => ({
  clusterId: AKS + cluster, extensionName: name, extensionType: 'Microsoft.Flux', action: 'none', from, to: null, moveKind: null, path: [], code: 'up-to-date', reason: '', ...(inSupport === undefined ? {} : { inSupport }),
});
const drift = (at: string, to: string): AuditRecord => ({ rolloutId: 'fleet-1', clusterId: AKS + 'b', extensionName: 'flux', extensionType: 'microsoft.flux', kind: 'drift', from: '1.8.2', to, moveKind: 'minor', code: 'extension-drifted', reason: 'moved', trigger: 'timer', at });

describe('liveSignalsReport', () => {
  it('lists out-of-support extensions first (then by cluster and name), counts both, and leaves out types without a window', () => {
    const s = liveSignalsReport([decision('a', 'flux', '1.9.0', true), decision('c', 'flux', '1.5.0', false), decision('b', 'flux', '1.6.0', false), decision('a', 'dapr', '1.0.0')]);
    expect(s.support.rows.map((r) => [r.cluster, r.version, r.inSupport])).toEqual([['b', '1.6.0', false], ['c', '1.5.0', false], ['a', '1.9.0', true]]);
    expect(s.support).toMatchObject({ inSupport: 1, outOfSupport: 2 });
  });

  it(`keeps at most ${MAX_SUPPORT_ROWS} rows, out-of-support ones first, and counts all`, () => {
    const many = Array.from({ length: MAX_SUPPORT_ROWS + 10 }, (_, i) => decision(`c${String(i).padStart(4, '0')}`, 'flux', '1.9.0', i !== MAX_SUPPORT_ROWS + 5));
    const s = liveSignalsReport(many);
    expect(s.support.rows).toHaveLength(MAX_SUPPORT_ROWS);
    expect(s.support.rows[0]!.inSupport).toBe(false);
    expect(s.support).toMatchObject({ inSupport: MAX_SUPPORT_ROWS + 9, outOfSupport: 1 });
  });

  it('shows each live version with the regions offering it, and drifts newest first; markdown puts support first', () => {
    const catalog = { extensionTypes: { 'microsoft.flux': { versions: [{ version: '1.9.0', releaseTrain: 'stable' as const, regions: ['westeurope'] }, { version: '1.8.2', releaseTrain: 'stable' as const, regions: ['eastus', 'westeurope'] }] } } };
    const s = liveSignalsReport([decision('a', 'flux', '1.5.0', false)], catalog, [drift('2026-06-01T00:00:00Z', '1.9.0'), drift('2026-06-02T00:00:00Z', '1.9.1')]);
    expect(s.regions).toEqual([{ extensionType: 'microsoft.flux', versions: [{ version: '1.9.0', regions: ['westeurope'] }, { version: '1.8.2', regions: ['eastus', 'westeurope'] }] }]);
    expect(s.drifts.map((d) => d.to)).toEqual(['1.9.1', '1.9.0']);
    const md = liveSignalsMarkdown(s, (t) => t, 10).join('\n');
    expect(md.indexOf('### Support windows')).toBeLessThan(md.indexOf('### Versions per region'));
    expect(md).toContain('| a | flux (microsoft.flux) | 1.5.0 | ⚠ out of support |');
    expect(md).toContain('| microsoft.flux | 1.8.2 | eastus, westeurope |');
  });
});
