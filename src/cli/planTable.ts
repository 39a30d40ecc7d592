/** The plan as a table readable at 120 columns, grouped by cluster. */
import { assumedText } from '../domain/whatIf';
import type { PlanSummary } from '../domain/plan';
import type { ClusterSnapshot, Decision, FleetSnapshot } from '../domain/model';
import { cell as fitCell, displayWidth, fitWidth, terminalSafe } from './terminalText';

const COLUMNS: { title: string; width: number; value: (d: Decision) => string }[] = [
  { title: 'EXTENSION', width: 18, value: (d) => d.extensionName },
  { title: 'TYPE', width: 26, value: (d) => d.extensionType },
  { title: 'ACTION', width: 7, value: (d) => d.action },
  { title: 'FROM', width: 12, value: (d) => d.from },
  { title: 'TO', width: 12, value: (d) => d.to ?? '-' },
  { title: 'KIND', width: 5, value: (d) => d.moveKind ?? '-' },
  { title: 'CODE', width: 34, value: (d) => d.code },
];

/** Escapes control characters in `text`, then pads or cuts it to `width` display columns. */
function cell(text: string, width: number): string {
  return fitCell(text, width);
}

const WIDTH = 120;

/** Breaks (escaped) `text` at spaces into lines of at most WIDTH display columns: the first after `first`, the others after `indent`; a word longer than a line is cut. */
function wrap(first: string, text: string, indent: string): string[] {
  const lines: string[] = [];
  let prefix = first;
  let line = '';
  const flush = (): void => {
    lines.push(prefix + line);
    prefix = indent;
    line = '';
  };
  for (let word of terminalSafe(text).split(' ').filter(Boolean)) {
    while (word) {
      const room = WIDTH - displayWidth(prefix) - (line ? displayWidth(line) + 1 : 0);
      if (displayWidth(word) <= room) {
        line = line ? `${line} ${word}` : word;
        word = '';
      } else if (line) flush();
      else {
        line = fitWidth(word, Math.max(room, 2));
        word = word.slice(line.length);
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

/** The column titles, padded as the rows are (the same for every cluster). */
const HEADER = COLUMNS.map((c) => cell(c.title, c.width)).join(' ').trimEnd();
const HEADER_WIDE = `${COLUMNS.map((c) => cell(c.title, c.width)).join(' ')} REASON`;

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
  let out = '';
  for (let i = 0; i < decisions.length; ) {
    const id = decisions[i]!.clusterId;
    let j = i;
    while (j < decisions.length && decisions[j]!.clusterId === id) j++;
    out += tableBlock(clusters.get(id), decisions.slice(i, j), i === 0, options);
    i = j;
  }
  return out + tableSummary(summary);
}

/**
 * A decision's table text after its EXTENSION cell: a space, the other cells (not yet trimmed) and the `\n`-led
 * path and reason lines. It reads neither clusterId nor extensionName, so a writer may memoise it (decisionTextCache).
 */
export function rowRest(d: Decision, options: PlanTableOptions = {}): string {
  const wide = options.wide === true;
  let text = ` ${COLUMNS.slice(1).map((c) => cell(c.value(d), c.width)).join(' ')}${wide ? ` ${terminalSafe(d.reason)}` : ''}`;
  if (d.path.length > 1) for (const line of wrap(' '.repeat(19), `path ${d.path.join(' → ')}`, ' '.repeat(24))) text += `\n${line}`;
  if (!wide && EXPLAINED.has(d.action)) for (const line of wrap(' '.repeat(19), `why ${d.reason}`, ' '.repeat(23))) text += `\n${line}`;
  return text;
}

/**
 * The table rows of one cluster's decisions (all of one clusterId): heading, column titles, rows; `first` of the table.
 * `rest` gives rowRest of a decision (a writer passes a memoised one).
 */
export function tableBlock(cluster: ClusterSnapshot | undefined, decisions: readonly Decision[], first: boolean, options: PlanTableOptions = {}, rest: (d: Decision) => string = (d) => rowRest(d, options)): string {
  if (decisions.length === 0) return '';
  const wide = options.wide === true;
  const header = wide ? HEADER_WIDE : HEADER;
  const clusterId = decisions[0]!.clusterId;
  const k8s = cluster ? ` Kubernetes ${cluster.kubernetesVersion}${cluster.reconciledKubernetesVersion ? ` (reconciled ${cluster.reconciledKubernetesVersion})` : ''}` : '';
  let text = `${first ? '' : '\n'}${[...wrap('', `${clusterTitle(clusterId)}${k8s}`, '  '), header].join('\n')}`;
  for (const d of decisions) {
    // the row is trimmed as a whole, then its path and reason lines follow
    const after = rest(d);
    const lineEnd = after.indexOf('\n');
    const row = `${cell(COLUMNS[0]!.value(d), COLUMNS[0]!.width)}${lineEnd < 0 ? after : after.slice(0, lineEnd)}`.trimEnd();
    text += `\n${row}${lineEnd < 0 ? '' : after.slice(lineEnd)}`;
  }
  return `${text}\n`;
}

/** The table's closing summary line (after a blank line). */
export function tableSummary(summary: PlanSummary): string {
  const byAction = Object.entries(summary.byAction).map(([a, n]) => `${a} ${n}`).join(', ');
  const whatIf = summary.assumedKubernetesVersion === undefined ? '' : `What-if: every cluster assumed on Kubernetes ${assumedText(summary.assumedKubernetesVersion)}.\n`;
  return `\n${summary.clusters} clusters, ${summary.extensions} extensions${byAction ? `: ${byAction}` : ''}\n${whatIf}`;
}
