/**
 * `plan --output markdown`: the plan as GitHub-flavoured Markdown for a pull-request comment, in the order a reviewer
 * signs it: the moves, what is held back and why, the fleet matrix, then every cluster by ring. Pure.
 */
import type { DecisionAction } from '../domain/model';
import { assumedText } from '../domain/whatIf';
import { ACTION_LABELS, decisionLabel, labelText, NONE_LABELS } from './decisionLabels';
import type { MatrixCell } from './fleetReport';
import type { PlanReport } from './planReport';
import { markdownInert, showControls } from './inertText';

const ORDER: readonly DecisionAction[] = ['error', 'blocked', 'wait', 'hold', 'upgrade', 'none', 'skip'];

/** Rows listed at most per table (a pull-request comment holds 65,536 characters); the rest is counted. */
export const MARKDOWN_PROBLEM_LIMIT = 200;

/** Characters of cluster names listed per ring at most; the rest is counted. */
const CLUSTER_NAMES_BUDGET = 2_000;

/** Text safe inside a Markdown table cell: inert (no HTML, link, mention or control character acts). */
function cell(text: string): string {
  return markdownInert(text);
}

/** Text safe inside a code span: controls shown, no backtick to end the span early, one line. */
function code(text: string): string {
  return showControls(text.replace(/\r\n|[\r\n]/g, ' ')).replace(/`/g, "'");
}

/** The labelled counts of some `none` codes, up to date last. */
function noneParts(codes: Record<string, number> | undefined): string[] {
  const entries = Object.entries(codes ?? {}).sort(([a], [b]) => Number(a === 'up-to-date') - Number(b === 'up-to-date') || a.localeCompare(b));
  return entries.map(([code, n]) => labelText(decisionLabel('none', code), n));
}

/** Every action's count, `none` split by code. */
function counts(byAction: Partial<Record<DecisionAction, number>>, noneCodes: Record<string, number> | undefined): string[] {
  return ORDER.filter((a) => byAction[a]).flatMap((a) => (a === 'none' && noneCodes ? noneParts(noneCodes) : [labelText(ACTION_LABELS[a], byAction[a])]));
}

function cellText(c: MatrixCell | undefined): string {
  return c ? `**${c.count}** (${counts(c.actions, c.noneCodes).join(', ')})` : '·';
}

/** The first `limit` rows, then a count of the rest. */
function capped<T>(rows: readonly T[], limit: number, line: (row: T) => string): string[] {
  const out = rows.slice(0, limit).map(line);
  if (rows.length > limit) out.push('', `… and ${rows.length - limit} more (\`plan --output html\` lists them all).`);
  return out;
}

/** The report as Markdown: summary, moves, held back, matrix (one table per type), invalid versions, clusters. */
export function markdownReport(report: PlanReport, limit = MARKDOWN_PROBLEM_LIMIT): string {
  const s = report.summary;
  const out: string[] = [`## Extension plan — ${s.clusters} clusters, ${s.extensions} extensions`, '', `${counts(s.byAction, report.noneCodes).join(' · ')} (planned at ${report.generatedAt})`, ''];
  if (s.assumedKubernetesVersion !== undefined) out.push(`**What-if:** every cluster assumed on Kubernetes ${cell(assumedText(s.assumedKubernetesVersion))}.`, '');

  out.push(`### Moves (${report.moves.length})`, '');
  if (report.moves.length === 0) out.push('No extension moves.');
  else {
    out.push('| Cluster | Ring | Extension | From → to | Path | Kind | Reason |', '| --- | --- | --- | --- | --- | --- | --- |');
    out.push(...capped(report.moves, limit, (m) => `| ${cell(m.cluster)} | ${cell(m.ring)} | ${cell(m.extensionName)} (${cell(m.extensionType)}) | ${cell(m.from)} → ${cell(m.to)} | ${cell(m.path.join(' → '))} | ${m.moveKind ?? ''} | ${cell(m.reason)} |`));
  }

  out.push('', `### Held back (${report.problems.length})`, '');
  if (report.problems.length === 0) out.push(`Nothing held back: no error, blocked, wait or hold, and every other extension is ${labelText(NONE_LABELS['up-to-date']!)} or skipped.`);
  else {
    out.push('| Cluster | Ring | Extension | Status | Code | Version | Reason |', '| --- | --- | --- | --- | --- | --- | --- |');
    out.push(...capped(report.problems, limit, (p) => `| ${cell(p.cluster)} | ${cell(p.ring)} | ${cell(p.extensionName)} (${cell(p.extensionType)}) | ${labelText(decisionLabel(p.action, p.code))} | \`${p.code}\` | ${cell(p.from)}${p.to ? ` → ${cell(p.to)}` : ''} | ${cell(p.reason)} |`));
  }

  out.push('', '### Fleet matrix', '');
  for (const t of report.matrix) {
    const cells = new Map(t.cells.map((c) => [`${c.version}\u0000${c.kubernetesMinor}`, c]));
    out.push(`**${cell(t.extensionType)}** — extensions per installed version and Kubernetes minor`, '');
    out.push(`| Version | ${t.kubernetesMinors.map((m) => `Kubernetes ${cell(m)}`).join(' | ')} |`, `| --- | ${t.kubernetesMinors.map(() => '---').join(' | ')} |`);
    for (const v of t.versions) out.push(`| ${cell(v)} | ${t.kubernetesMinors.map((m) => cellText(cells.get(`${v}\u0000${m}`))).join(' | ')} |`);
    out.push('');
  }
  if (report.invalidKubernetes.length > 0) {
    out.push(`**Clusters with an invalid Kubernetes version** (not \`X.Y[.Z]\`; their extensions are errors above, not in the matrix): ${report.invalidKubernetes.map((c) => `${cell(c.cluster)} (\`${code(c.kubernetesVersion)}\`)`).join(', ')}`, '');
  }

  out.push(`### Clusters (${report.clusters.length})`, '');
  const byRing = new Map<string, string[]>();
  for (const c of report.clusters) byRing.set(c.ring, [...(byRing.get(c.ring) ?? []), c.cluster]);
  for (const [ring, names] of byRing) {
    let used = 0;
    const shown = names.filter((n) => (used += n.length + 2) <= CLUSTER_NAMES_BUDGET);
    out.push(`- **${cell(ring)}** (${names.length}): ${shown.map(cell).join(', ')}${shown.length < names.length ? ` … and ${names.length - shown.length} more` : ''}`);
  }
  return `${out.join('\n')}\n`;
}
