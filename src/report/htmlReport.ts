/** `plan --output html`: one self-contained HTML file (inline styles, script and data; fetches nothing). Pure. */
import { pageHtml } from '../ui/pageHtml';
import type { FleetReport } from './fleetReport';

/** The report as one HTML document, with the status page's matrix and filterable problem list. */
export function htmlReport(report: FleetReport): string {
  return pageHtml({ mode: 'report', title: `Extension plan — ${report.summary.clusters} clusters, ${report.generatedAt}`, data: report });
}
