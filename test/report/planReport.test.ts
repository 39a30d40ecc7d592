/**
 * The plan people sign off (html and markdown): the moves lead, then what is held back and why (including `none`
 * other than up to date), then the matrix; every cluster is named; names sort numerically; invalid Kubernetes versions
 * are grouped apart; versions compare as versions. Expected values come from the rules, not from the code.
 */
import type { ClusterSnapshot, Decision, DecisionAction, FleetSnapshot } from '../../src/domain/model';
import { defaultPolicy } from '../../src/domain/policySchema';
import { decisionLabel } from '../../src/report/decisionLabels';
import { markdownReport } from '../../src/report/markdownReport';
import { buildPlanReport } from '../../src/report/planReport';

const SUB = 'aaaaaaaa-0000-0000-0000-000000000001';
const aks = (name: string) => `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/${name}`;
const cluster = (name: string, kubernetesVersion: string, ring?: string): ClusterSnapshot => ({ id: aks(name), kubernetesVersion, tags: ring ? { ring } : {}, extensions: [] });
function decision(name: string, extensionName: string, action: DecisionAction, code: string, from: string, to: string | null = null): Decision {
  return { clusterId: aks(name), extensionName, extensionType: `microsoft.${extensionName}`, action, from, to, moveKind: to ? 'patch' : null, path: to ? [to] : [], code: code as Decision['code'], reason: `${code} reason` };
}

const rollout = { ...defaultPolicy().rollout, ringTag: 'ring', rings: [{ name: 'canary', maxParallel: 1, bakeMinutes: 0, maxFailureRatio: 0, requireApproval: false }] };
const snapshot: FleetSnapshot = {
  clusters: [cluster('aks-10', '1.29.2'), cluster('aks-2', '1.29.1'), cluster('aks-9', '1.30.0', 'canary'), cluster('only-upgrades-3', '1.30.1'), cluster('edge-1', 'latest'), cluster('edge-0', '1.28.x')],
};
const decisions = [
  decision('aks-10', 'flux', 'upgrade', 'patch-available', '1.11.1', '1.11.3'),
  decision('aks-2', 'flux', 'upgrade', 'patch-available', 'v1.11.1', '1.11.3'),
  decision('aks-9', 'flux', 'none', 'up-to-date', '1.11.3'),
  decision('aks-10', 'dapr', 'none', 'minor-waits-for-kubernetes-upgrade', '3.2.0'),
  decision('aks-2', 'dapr', 'none', 'major-not-allowed', 'v3.2.0'),
  decision('aks-9', 'dapr', 'none', 'excluded-by-constraint', '3.2.0'),
  decision('only-upgrades-3', 'flux', 'upgrade', 'patch-available', '1.11.2', '1.11.3'),
  decision('edge-1', 'flux', 'error', 'invalid-kubernetes-version', '1.11.1'),
  decision('edge-0', 'flux', 'error', 'invalid-kubernetes-version', '1.11.1'),
];
const report = buildPlanReport(snapshot, decisions, rollout, '2024-06-05T10:00:00.000Z');

describe('the plan report', () => {
  it('lists every upgrade in rollout order (ring, then cluster by number-aware name), with from → to, path, kind and reason', () => {
    expect(report.moves.map((m) => [m.cluster, m.ring, m.extensionName, m.from, m.to, m.path, m.moveKind, m.reason])).toEqual([
      ['aks-2', 'default', 'flux', 'v1.11.1', '1.11.3', ['1.11.3'], 'patch', 'patch-available reason'],
      ['aks-10', 'default', 'flux', '1.11.1', '1.11.3', ['1.11.3'], 'patch', 'patch-available reason'],
      ['only-upgrades-3', 'default', 'flux', '1.11.2', '1.11.3', ['1.11.3'], 'patch', 'patch-available reason'],
    ]);
  });

  it('holds back every none other than up to date, after the errors, each with its reason', () => {
    expect(report.problems.map((p) => [p.action, p.code, p.cluster])).toEqual([
      ['error', 'invalid-kubernetes-version', 'edge-0'],
      ['error', 'invalid-kubernetes-version', 'edge-1'],
      ['none', 'major-not-allowed', 'aks-2'],
      ['none', 'excluded-by-constraint', 'aks-9'],
      ['none', 'minor-waits-for-kubernetes-upgrade', 'aks-10'],
    ]);
  });

  it('names every cluster, also those with only upgrades, in ring order and by number-aware name', () => {
    expect(report.clusters.map((c) => [c.cluster, c.ring, c.moves, c.heldBack, c.upToDate])).toEqual([
      ['aks-9', 'canary', 0, 1, 1],
      ['aks-2', 'default', 1, 1, 0],
      ['aks-10', 'default', 1, 1, 0],
      ['edge-0', 'default', 0, 1, 0],
      ['edge-1', 'default', 0, 1, 0],
      ['only-upgrades-3', 'default', 1, 0, 0],
    ]);
  });

  it('groups clusters with an invalid Kubernetes version apart: never a matrix column', () => {
    // a distribution suffix (v1.28.5+k3s1) is a Kubernetes version (issue 20); text that is none is grouped apart
    expect(report.invalidKubernetes.map((c) => [c.cluster, c.kubernetesVersion])).toEqual([['edge-0', '1.28.x'], ['edge-1', 'latest']]);
    for (const t of report.matrix) expect(t.kubernetesMinors.every((m) => /^\d+\.\d+$/.test(m))).toBe(true);
  });

  it('compares versions as versions: v3.2.0 and 3.2.0 are one row, v1.11.1 and 1.11.1 too', () => {
    const dapr = report.matrix.find((t) => t.extensionType === 'microsoft.dapr')!;
    expect(dapr.versions).toEqual(['3.2.0']);
    expect(dapr.cells).toEqual([
      { version: '3.2.0', kubernetesMinor: '1.29', count: 2, actions: { none: 2 }, noneCodes: { 'minor-waits-for-kubernetes-upgrade': 1, 'major-not-allowed': 1 } },
      { version: '3.2.0', kubernetesMinor: '1.30', count: 1, actions: { none: 1 }, noneCodes: { 'excluded-by-constraint': 1 } },
    ]);
    const flux = report.matrix.find((t) => t.extensionType === 'microsoft.flux')!;
    expect(flux.versions).toEqual(['1.11.3', '1.11.2', '1.11.1']);
  });

  it('counts none by code for the summary', () => {
    expect(report.noneCodes).toEqual({ 'up-to-date': 1, 'minor-waits-for-kubernetes-upgrade': 1, 'major-not-allowed': 1, 'excluded-by-constraint': 1 });
  });

  it('markdown leads with the moves, then what is held back, then the matrix, then every cluster', () => {
    const md = markdownReport(report);
    const at = (text: string) => md.indexOf(text);
    expect([at('### Moves (3)'), at('### Held back (5)'), at('### Fleet matrix'), at('### Clusters (6)')].every((i, n, all) => i >= 0 && (n === 0 || i > all[n - 1]!))).toBe(true);
    expect(md).toContain('| aks-2 | default | flux (microsoft.flux) | v1.11.1 → 1.11.3 | 1.11.3 | patch | patch-available reason |');
    expect(md).toContain('| aks-10 | default | dapr (microsoft.dapr) | ⇧ waits for a Kubernetes minor | `minor-waits-for-kubernetes-upgrade` |');
    expect(md).toContain('**Clusters with an invalid Kubernetes version**');
    expect(md).toContain('edge-1 (`latest`)');
    expect(md).toContain('- **default** (5): aks-2, aks-10, edge-0, edge-1, only-upgrades-3');
    expect(md).not.toContain('Kubernetes latest');
  });
});

describe('honest labels for none', () => {
  it.each([
    ['up-to-date', 'up to date', 'ok'],
    ['minor-waits-for-kubernetes-upgrade', 'waits for a Kubernetes minor', 'idle'],
    ['major-not-allowed', 'major not allowed', 'warn'],
    ['excluded-by-constraint', 'excluded by a constraint', 'warn'],
    ['step-path-gap', 'gap in the step path', 'warn'],
    ['installed-version-not-in-catalog', 'installed version not in the catalog', 'warn'],
  ])('none / %s reads "%s" (tone %s)', (code, text, tone) => {
    expect(decisionLabel('none', code)).toMatchObject({ text, tone });
    expect(decisionLabel('none', code).icon).not.toBe('');
  });

  it('only up to date is green; every label has its own icon', () => {
    const codes = ['up-to-date', 'minor-waits-for-kubernetes-upgrade', 'major-not-allowed', 'excluded-by-constraint', 'step-path-gap', 'installed-version-not-in-catalog'];
    const actions: DecisionAction[] = ['upgrade', 'hold', 'wait', 'skip', 'blocked', 'error'];
    const labels = [...codes.map((c) => decisionLabel('none', c)), ...actions.map((a) => decisionLabel(a))];
    expect(labels.filter((l) => l.tone === 'ok').map((l) => l.text)).toEqual(['up to date']);
    expect(new Set(labels.map((l) => l.icon)).size).toBe(labels.length);
  });
});
