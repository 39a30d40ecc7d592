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

const WIDTH = 120;

/** Breaks `text` at spaces into lines of at most WIDTH characters: the first after `first`, the others after `indent`; a word longer than a line is cut. */
function wrap(first: string, text: string, indent: string): string[] {
  const lines: string[] = [];
  let prefix = first;
  let line = '';
  const flush = (): void => {
    lines.push(prefix + line);
    prefix = indent;
    line = '';
  };
  for (let word of text.split(' ').filter(Boolean)) {
    while (word) {
      const room = WIDTH - prefix.length - (line ? line.length + 1 : 0);
      if (word.length <= room) {
        line = line ? `${line} ${word}` : word;
        word = '';
      } else if (line) flush();
      else {
        line = word.slice(0, room);
        word = word.slice(room);
        flush();
      }
    }
  }
  if (line) flush();
  return lines;
}

/** `…/resourceGroups/rg/providers/X/managedClusters/name` → `name (managedClusters, rg)`. */
function clusterTitle(id: string): string {
  const parts = id.split('/');
  const rgIndex = parts.findIndex((p) => p.toLowerCase() === 'resourcegroups');
  const rg = rgIndex >= 0 ? parts[rgIndex + 1] : undefined;
  return `${parts[parts.length - 1] ?? id} (${parts[parts.length - 2] ?? '?'}${rg ? `, ${rg}` : ''})`;
}

/** Actions whose reason the default table prints under the row (why nothing moves). */
const EXPLAINED = new Set<Decision['action']>(['none', 'wait', 'blocked']);

/** Options of the table: `wide` adds a REASON column (lines then exceed 120 columns) instead of reason lines. */
export interface PlanTableOptions {
  wide?: boolean;
}

/**
 * Renders decisions grouped by cluster, with each cluster's Kubernetes versions, and the summary. Within 120 columns,
 * each none, wait and blocked row is followed by its reason; `wide` puts every reason in a last column instead.
 */
export function planTable(snapshot: FleetSnapshot, decisions: readonly Decision[], summary: PlanSummary, options: PlanTableOptions = {}): string {
  const clusters = new Map(snapshot.clusters.map((c) => [c.id, c]));
  const wide = options.wide === true;
  const header = `${COLUMNS.map((c) => cell(c.title, c.width)).join(' ')}${wide ? ' REASON' : ''}`.trimEnd();
  const lines: string[] = [];
  let current: string | undefined;
  for (const d of decisions) {
    if (d.clusterId !== current) {
      current = d.clusterId;
      const c = clusters.get(d.clusterId);
      const k8s = c ? ` Kubernetes ${c.kubernetesVersion}${c.reconciledKubernetesVersion ? ` (reconciled ${c.reconciledKubernetesVersion})` : ''}` : '';
      if (lines.length) lines.push('');
      lines.push(...wrap('', `${clusterTitle(d.clusterId)}${k8s}`, '  '), header);
    }
    lines.push(`${COLUMNS.map((c) => cell(c.value(d), c.width)).join(' ')}${wide ? ` ${d.reason}` : ''}`.trimEnd());
    if (d.path.length > 1) lines.push(...wrap(' '.repeat(19), `path ${d.path.join(' → ')}`, ' '.repeat(24)));
    if (!wide && EXPLAINED.has(d.action)) lines.push(...wrap(' '.repeat(19), `why ${d.reason}`, ' '.repeat(23)));
  }
  const byAction = Object.entries(summary.byAction).map(([a, n]) => `${a} ${n}`).join(', ');
  lines.push('', `${summary.clusters} clusters, ${summary.extensions} extensions${byAction ? `: ${byAction}` : ''}`);
  return `${lines.join('\n')}\n`;
}
