/** `plan --output html`: one self-contained HTML file (inline styles, script and data; fetches nothing). Pure. */
import { pageHtml } from '../ui/pageHtml';
import type { PlanReport } from './planReport';

/** The plan as one HTML document: the moves, what is held back (filterable), the fleet matrix and every cluster. */
export function htmlReport(report: PlanReport): string {
  return pageHtml({ mode: 'report', title: `Extension plan — ${report.summary.clusters} clusters, ${report.generatedAt}`, data: report });
}
