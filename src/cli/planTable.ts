/** The plan as a table readable at 120 columns, grouped by cluster. */
import type { PlanSummary } from '../domain/plan';
import type { Decision, FleetSnapshot } from '../domain/model';

const COLUMNS: { title: string; width: number; value: (d: Decision) => string }[] = [
  { title: 'EXTENSION', width: 18, value: (d) => d.extensionName },
  { title: 'TYPE', width: 26, value: (d) => d.extensionType },
  { title: 'ACTION', width: 7, value: (d) => d.action },
  { title: 'FROM', width: 12, value: (d) => d.from },
  { title: 'TO', width: 12, value: (d) => d.to ?? '-' },
  { title: 'KIND', width: 5, value: (d) => d.moveKind ?? '-' },
  { title: 'CODE', width: 34, value: (d) => d.code },
];

/** Pads or cuts `text` to `width` characters. */
function cell(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, width - 1)}…` : text.padEnd(width);
}

/** `…/resourceGroups/rg/providers/X/managedClusters/name` → `name (managedClusters, rg)`. */
function clusterTitle(id: string): string {
  const parts = id.split('/');
  const rgIndex = parts.findIndex((p) => p.toLowerCase() === 'resourcegroups');
  const rg = rgIndex >= 0 ? parts[rgIndex + 1] : undefined;
  return `${parts[parts.length - 1] ?? id} (${parts[parts.length - 2] ?? '?'}${rg ? `, ${rg}` : ''})`;
}

/** Renders decisions grouped by cluster, with each cluster's Kubernetes versions, and the summary. */
export function planTable(snapshot: FleetSnapshot, decisions: readonly Decision[], summary: PlanSummary): string {
  const clusters = new Map(snapshot.clusters.map((c) => [c.id, c]));
  const header = COLUMNS.map((c) => cell(c.title, c.width)).join(' ').trimEnd();
  const lines: string[] = [];
  let current: string | undefined;
  for (const d of decisions) {
    if (d.clusterId !== current) {
      current = d.clusterId;
      const c = clusters.get(d.clusterId);
      const k8s = c ? ` Kubernetes ${c.kubernetesVersion}${c.reconciledKubernetesVersion ? ` (reconciled ${c.reconciledKubernetesVersion})` : ''}` : '';
      if (lines.length) lines.push('');
      lines.push(`${clusterTitle(d.clusterId)}${k8s}`, header);
    }
    lines.push(COLUMNS.map((c) => cell(c.value(d), c.width)).join(' ').trimEnd());
    if (d.path.length > 1) lines.push(`${' '.repeat(19)}path ${d.path.join(' → ')}`);
  }
  const byAction = Object.entries(summary.byAction).map(([a, n]) => `${a} ${n}`).join(', ');
  lines.push('', `${summary.clusters} clusters, ${summary.extensions} extensions${byAction ? `: ${byAction}` : ''}`);
  return `${lines.join('\n')}\n`;
}
