/** `plan --output markdown`: the fleet matrix and the problem list as GitHub-flavoured Markdown (pull-request comments). Pure. */
import type { DecisionAction } from '../domain/model';
import { assumedText } from '../domain/whatIf';
import type { FleetReport, MatrixCell } from './fleetReport';

/** Glyph and word of each action: the text never relies on colour. */
export const ACTION_LABELS: Record<DecisionAction, string> = { upgrade: '↑ upgrade', none: '✓ up to date', skip: '– skip', hold: '‖ hold', wait: '◷ wait', blocked: '⊘ blocked', error: '✖ error' };
const ORDER: readonly DecisionAction[] = ['error', 'blocked', 'wait', 'hold', 'upgrade', 'none', 'skip'];

/** Problems listed at most (a pull-request comment holds 65,536 characters); the rest is counted. */
export const MARKDOWN_PROBLEM_LIMIT = 200;

/** Text safe inside a Markdown table cell. */
function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ');
}

function cellText(c: MatrixCell | undefined): string {
  if (!c) return '·';
  const acts = ORDER.filter((a) => c.actions[a]).map((a) => `${c.actions[a]} ${ACTION_LABELS[a]}`);
  return `**${c.count}** (${acts.join(', ')})`;
}

/** The report as Markdown: summary line, one matrix table per extension type, then the problem list. */
export function markdownReport(report: FleetReport, limit = MARKDOWN_PROBLEM_LIMIT): string {
  const s = report.summary;
  const counts = ORDER.filter((a) => s.byAction[a]).map((a) => `${s.byAction[a]} ${ACTION_LABELS[a]}`);
  const out: string[] = [`## Extension plan — ${s.clusters} clusters, ${s.extensions} extensions`, '', `${counts.join(' · ')} (planned at ${report.generatedAt})`, ''];
  if (s.assumedKubernetesVersion !== undefined) out.push(`**What-if:** every cluster assumed on Kubernetes ${cell(assumedText(s.assumedKubernetesVersion))}.`, '');
  out.push('### Fleet matrix', '');
  for (const t of report.matrix) {
    const cells = new Map(t.cells.map((c) => [`${c.version}\u0000${c.kubernetesMinor}`, c]));
    out.push(`**${cell(t.extensionType)}** — extensions per installed version and Kubernetes minor`, '');
    out.push(`| Version | ${t.kubernetesMinors.map((m) => `Kubernetes ${cell(m)}`).join(' | ')} |`, `| --- | ${t.kubernetesMinors.map(() => '---').join(' | ')} |`);
    for (const v of t.versions) out.push(`| ${cell(v)} | ${t.kubernetesMinors.map((m) => cellText(cells.get(`${v}\u0000${m}`))).join(' | ')} |`);
    out.push('');
  }
  out.push(`### Problems (${report.problems.length})`, '');
  if (report.problems.length === 0) out.push('No blocked, error, wait or hold decision.');
  else {
    out.push('| Cluster | Ring | Extension | Action | Code | Version | Reason |', '| --- | --- | --- | --- | --- | --- | --- |');
    for (const p of report.problems.slice(0, limit)) {
      out.push(`| ${cell(p.cluster)} | ${cell(p.ring)} | ${cell(p.extensionName)} (${cell(p.extensionType)}) | ${ACTION_LABELS[p.action]} | \`${cell(p.code)}\` | ${cell(p.from)}${p.to ? ` → ${cell(p.to)}` : ''} | ${cell(p.reason)} |`);
    }
    if (report.problems.length > limit) out.push('', `… and ${report.problems.length - limit} more (\`plan --output html\` lists them all).`);
  }
  return `${out.join('\n')}\n`;
}
