/**
 * The status page's live signals section (issue 24), kept apart from the page's main script: extensions out of support
 * first, each version with the regions offering it, and the recent drifts. Its own inline script (hash-pinned by the
 * page's CSP) reads `liveSignals` from the embedded report, or from ui/fleet beside the page; DOM built with textContent.
 */

/** The section's markup (placed before the fleet matrix: out-of-support extensions come first). */
export const LIVE_SIGNALS_HTML = `<section id="signals" aria-labelledby="signals-h"><h2 id="signals-h">Support, regions and drift</h2>
<p class="muted">Extensions of types with a support window, out of support first; the regions each version is offered in; versions that moved outside any rollout (reported, never reverted).</p>
<div id="support-body"></div><div id="regions-body"></div><div id="drift-body"></div></section>`;

/** The section's script (plain ES2017). */
export const LIVE_SIGNALS_SCRIPT = String.raw`(function () {
  'use strict';
  var doc = document;
  function $(id) { return doc.getElementById(id); }
  function h(tag, text, cls) { var e = doc.createElement(tag); if (text !== undefined) e.textContent = String(text); if (cls) e.className = cls; return e; }
  function table(caption, heads, rows) {
    var t = h('table'), cap = h('caption', caption), thead = h('thead'), tr = h('tr'), body = h('tbody');
    t.appendChild(cap);
    heads.forEach(function (x) { var th = h('th', x); th.setAttribute('scope', 'col'); tr.appendChild(th); });
    thead.appendChild(tr); t.appendChild(thead);
    rows.forEach(function (r) { var row = h('tr'); r.forEach(function (c) { row.appendChild(c instanceof Node ? c : h('td', c)); }); body.appendChild(row); });
    t.appendChild(body);
    return t;
  }
  function render(s) {
    if (!s) { $('signals').hidden = true; return; }
    var sup = s.support || { rows: [], inSupport: 0, outOfSupport: 0 };
    if (sup.rows.length) {
      $('support-body').appendChild(table('Support windows: ' + sup.outOfSupport + ' out of support, ' + sup.inSupport + ' in support', ['Cluster', 'Extension', 'Version', 'Support'],
        sup.rows.map(function (r) {
          var badge = h('td'); badge.appendChild(h('span', r.inSupport ? '\u2713 in support' : '\u26a0 out of support', 'badge ' + (r.inSupport ? 'a-none' : 'a-blocked')));
          return [r.cluster, r.extensionName + ' (' + r.extensionType + ')', r.version, badge];
        })));
    } else $('support-body').appendChild(h('p', 'No support window in the policy (supportWindows).', 'muted'));
    var rows = [];
    (s.regions || []).forEach(function (t) { t.versions.forEach(function (v) { rows.push([t.extensionType, v.version, v.regions.join(', ')]); }); });
    if (rows.length) $('regions-body').appendChild(table('Versions per region (live catalog)', ['Extension type', 'Version', 'Offered in'], rows));
    var drifts = s.drifts || [];
    $('drift-body').appendChild(drifts.length
      ? table('Drift: versions moved outside any rollout (' + drifts.length + ')', ['At', 'Cluster', 'Extension', 'Move', 'Reason'], drifts.map(function (d) { return [d.at, d.cluster, d.extensionName, (d.from || '') + ' \u2192 ' + (d.to || ''), d.reason]; }))
      : h('p', 'No drift recorded.', 'muted'));
  }
  var dataEl = $('report-data');
  if (dataEl) { render(JSON.parse(dataEl.textContent || '{}').liveSignals); return; }
  var key = new URLSearchParams(location.search).get('code');
  // signed in (signInScript.ts): the token instead of the key, once the sign-in has one
  var auth = window.reconcilerAuth;
  (auth ? auth.ready : Promise.resolve()).then(function () {
    var bearer = auth ? auth.header() : null;
    var q = new URLSearchParams({ limit: '1' });
    if (key && !bearer) q.set('code', key);
    var headers = { accept: 'application/json' };
    if (bearer) headers.authorization = bearer;
    return fetch('ui/fleet?' + q.toString(), { headers: headers, credentials: 'same-origin' });
  })
    .then(function (r) { return r.text().then(function (t) { try { return r.ok && t ? JSON.parse(t) : null; } catch (ignored) { return null; } }); })
    .then(function (d) { render(d && d.liveSignals); })
    .catch(function () { render(null); });
})();`;
