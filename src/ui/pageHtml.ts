/** The one HTML document of the status page (live) and of the plan report (data embedded): styles and script inline. */
import { createHash } from 'node:crypto';
import { PAGE_SCRIPT } from './pageScript';
import { PAGE_STYLES } from './pageStyles';
import { LIVE_SIGNALS_HTML, LIVE_SIGNALS_SCRIPT } from './liveSignalsSection';

/** A CSP source expression allowing exactly `text` as an inline script or style. */
export function cspHash(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** The Content-Security-Policy of the page: only its own inline script and styles; live pages may call their own origin. */
export function pageCsp(mode: 'live' | 'report'): string {
  const connect = mode === 'live' ? "connect-src 'self'; form-action 'self'" : "connect-src 'none'; form-action 'none'";
  return `default-src 'none'; script-src ${cspHash(PAGE_SCRIPT)} ${cspHash(LIVE_SIGNALS_SCRIPT)}; style-src ${cspHash(PAGE_STYLES)}; img-src data:; ${connect}; base-uri 'none'`;
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

/** The whole document. Live mode has the rollouts and cluster sections; report mode embeds `data` and fetches nothing. */
export function pageHtml(options: PageOptions): string {
  const live = options.mode === 'live';
  const csp = live ? '' : `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(pageCsp('report'))}">`;
  const rollouts = live
    ? `<section id="rollouts" aria-labelledby="rollouts-h"><h2 id="rollouts-h">Rollouts</h2><div id="rollout-list"><p>Loading…</p></div>
<table><caption>Recent finished fleet rollouts</caption><thead><tr><th scope="col">At</th><th scope="col">Rollout</th><th scope="col">Trigger</th><th scope="col">Outcome</th><th scope="col">Reason</th></tr></thead><tbody id="recent-rows"></tbody></table></section>
<section id="cluster" aria-labelledby="cluster-h" hidden><h2 id="cluster-h" tabindex="-1">Cluster</h2><button type="button" id="cluster-close">Back to the fleet</button><div id="cluster-body"></div></section>`
    : '';
  const nav = live ? '<a href="#rollouts">Rollouts</a> <a href="#signals">Support, regions, drift</a> <a href="#matrix">Fleet matrix</a> <a href="#problems">Problems</a>' : '<a href="#signals">Support, regions, drift</a> <a href="#matrix">Fleet matrix</a> <a href="#problems">Problems</a>';
  const data = live ? '' : `<script type="application/json" id="report-data">${scriptJson(options.data ?? {})}</script>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">${csp}
<title>${escapeHtml(options.title)}</title><style>${PAGE_STYLES}</style></head>
<body><a class="skip" href="#main">Skip to the content</a>
<header><h1>${escapeHtml(options.title)}</h1><p id="summary">Loading…</p><nav aria-label="Sections">${nav}</nav></header>
<main id="main"><p id="status" role="status" aria-live="polite"></p>${rollouts}
${LIVE_SIGNALS_HTML}
<section id="matrix" aria-labelledby="matrix-h"><h2 id="matrix-h">Fleet matrix</h2>
<p class="muted">Extensions per installed version (rows) and Kubernetes minor of their cluster (columns), with the plan's action for them: ↑ upgrade, ✓ up to date, ‖ hold, ◷ wait, ⊘ blocked, ✖ error, – skip.</p><div id="matrix-body"></div></section>
<section id="problems" aria-labelledby="problems-h"><h2 id="problems-h" tabindex="-1">Problems</h2>
<form id="problem-filters" class="filters" aria-label="Filter the problems"></form><p id="problem-count" aria-live="polite"></p>
<table><caption>Blocked, error, wait and hold decisions</caption><thead><tr><th scope="col">Cluster</th><th scope="col">Ring</th><th scope="col">Extension</th><th scope="col">Action</th><th scope="col">Code</th><th scope="col">Version</th><th scope="col">Reason</th></tr></thead><tbody id="problem-rows"></tbody></table>
<div class="pager"><button type="button" id="prev">Previous page</button><button type="button" id="next">Next page</button></div></section>
</main>${data}<script>${PAGE_SCRIPT}</script><script>${LIVE_SIGNALS_SCRIPT}</script></body></html>
`;
}
