/** The one HTML document of the status page (live) and of the plan report (data embedded): styles and script inline. */
import { createHash } from 'node:crypto';
import { PAGE_SCRIPT } from './pageScript';
import { PAGE_STYLES } from './pageStyles';
import { AUDIT_SECTION } from './auditView';
import { FLEET_RUNS_SCRIPT, FLEET_RUNS_SECTION } from './fleetRunsSection';

/** A CSP source expression allowing exactly `text` as an inline script or style. */
export function cspHash(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** The Content-Security-Policy of the page: only its own inline script and styles; live pages may call their own origin. */
export function pageCsp(mode: 'live' | 'report'): string {
  const connect = mode === 'live' ? "connect-src 'self'; form-action 'self'" : "connect-src 'none'; form-action 'none'";
  const scripts = mode === 'live' ? `${cspHash(PAGE_SCRIPT)} ${cspHash(FLEET_RUNS_SCRIPT)}` : cspHash(PAGE_SCRIPT);
  return `default-src 'none'; script-src ${scripts}; style-src ${cspHash(PAGE_STYLES)}; img-src data:; ${connect}; base-uri 'none'`;
}

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** JSON that can sit inside a <script> element: no `<`, and the two line separators escaped. */
const scriptJson = (value: unknown): string => JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');

/** Options of `pageHtml`. */
export interface PageOptions {
  mode: 'live' | 'report';
  title: string;
  /** The report's data (report mode). */
  data?: unknown;
}

const MATRIX = `<section id="matrix" aria-labelledby="matrix-h"><h2 id="matrix-h">Fleet matrix</h2>
<p class="muted">Extensions per installed version (rows) and Kubernetes minor of their cluster (columns), with what the plan does with them: ↑ upgrade, ✓ up to date, ⇧ waits for a Kubernetes minor, ‖ hold, ◷ wait, ⊘ blocked, ✖ error, – skip.</p><div id="matrix-body"></div><div id="invalid-body"></div></section>`;
const HELD_BACK = `<section id="problems" aria-labelledby="problems-h"><h2 id="problems-h" tabindex="-1">Held back</h2>
<form id="problem-filters" class="filters" aria-label="Filter what is held back"></form><p id="problem-count" aria-live="polite"></p>
<div class="scroll" role="region" tabindex="0" aria-label="Held back"><table><caption>Errors, blocked, waits, holds, and versions the policy does not move yet (none other than up to date)</caption><thead><tr><th scope="col">Cluster</th><th scope="col">Ring</th><th scope="col">Extension</th><th scope="col">Status</th><th scope="col">Code</th><th scope="col">Version</th><th scope="col">Reason</th></tr></thead><tbody id="problem-rows"></tbody></table></div>
<div class="pager"><button type="button" id="prev">Previous page</button><button type="button" id="next">Next page</button></div></section>`;

/** The sections of the live status page: rollouts, the matrix, what is held back, the audit log and the cluster view. */
function liveSections(): string {
  return `<section id="rollouts" aria-labelledby="rollouts-h"><h2 id="rollouts-h">Rollouts</h2><div id="rollout-list"><p>Loading…</p></div>
<div class="scroll" role="region" tabindex="0" aria-label="Recent finished fleet rollouts"><table><caption>Recent finished fleet rollouts</caption><thead><tr><th scope="col">At</th><th scope="col">Rollout</th><th scope="col">Trigger</th><th scope="col">Outcome</th><th scope="col">Reason</th></tr></thead><tbody id="recent-rows"></tbody></table></div></section>
${FLEET_RUNS_SECTION}
${MATRIX}
${HELD_BACK}
${AUDIT_SECTION}
<section id="cluster" aria-labelledby="cluster-h" hidden><h2 id="cluster-h" tabindex="-1">Cluster</h2><button type="button" id="cluster-close">Back to the fleet</button><div id="cluster-body"></div></section>`;
}

/** The sections of the plan report, in the order a reviewer signs: moves, held back, matrix, every cluster. */
function reportSections(): string {
  return `<section id="moves" aria-labelledby="moves-h"><h2 id="moves-h">Moves</h2><div id="moves-body"></div></section>
${HELD_BACK}
${MATRIX}
<section id="clusters" aria-labelledby="clusters-h"><h2 id="clusters-h">Clusters</h2><div id="clusters-body"></div></section>`;
}

/** The whole document. Live mode has the rollouts, audit and cluster sections; report mode embeds `data` and fetches nothing. */
export function pageHtml(options: PageOptions): string {
  const live = options.mode === 'live';
  const csp = live ? '' : `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(pageCsp('report'))}">`;
  const nav = live
    ? '<a href="#rollouts">Rollouts</a> <a href="#fleet-runs">Fleet update runs</a> <a href="#matrix">Fleet matrix</a> <a href="#problems">Held back</a> <a href="#audit">Audit log</a>'
    : '<a href="#moves">Moves</a> <a href="#problems">Held back</a> <a href="#matrix">Fleet matrix</a> <a href="#clusters">Clusters</a>';
  const data = live ? '' : `<script type="application/json" id="report-data">${scriptJson(options.data ?? {})}</script>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">${csp}
<title>${escapeHtml(options.title)}</title><style>${PAGE_STYLES}</style></head>
<body><a class="skip" href="#main">Skip to the content</a>
<header><h1>${escapeHtml(options.title)}</h1><p id="summary">Loading…</p><nav aria-label="Sections">${nav}</nav></header>
<main id="main"><p id="status" role="status" aria-live="polite"></p>
${live ? liveSections() : reportSections()}
</main>${data}<script>${PAGE_SCRIPT}</script>${live ? `<script>${FLEET_RUNS_SCRIPT}</script>` : ''}</body></html>
`;
}
