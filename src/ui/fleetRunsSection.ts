/**
 * The status page's "Fleet update runs" section (live mode only): its HTML and its own small inline script (plain
 * ES2017, textContent only), which reads ui/fleet-runs beside the page and shows each run's stages, the gates, which are
 * the app's, and what the app did at each. Kept apart from pageScript.ts; pageHtml.ts pins both scripts' hashes.
 */

/** The section's HTML. */
export const FLEET_RUNS_SECTION = `<section id="fleet-runs" aria-labelledby="fleet-runs-h"><h2 id="fleet-runs-h">Fleet update runs</h2>
<p class="muted">Azure Kubernetes Fleet Manager runs in the fleets of the scope: stages, their approval gates (★ the app's), and what the app did at each.</p><div id="fleet-runs-body"><p>Loading…</p></div></section>`;

/** The section's script. */
export const FLEET_RUNS_SCRIPT = String.raw`(function () {
  'use strict';
  var doc = document;
  var body = doc.getElementById('fleet-runs-body');
  if (!body) return;
  var key = new URLSearchParams(location.search).get('code');
  function h(tag, attrs, kids) {
    var e = doc.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { if (k === 'text') e.textContent = String(attrs[k]); else e.setAttribute(k, String(attrs[k])); });
    (kids || []).forEach(function (c) { if (c) e.appendChild(typeof c === 'string' ? doc.createTextNode(c) : c); });
    return e;
  }
  function gateText(g) {
    var where = (g.timing === 'Before' ? 'before ' : 'after ') + (g.group ? 'group ' + g.group : 'stage');
    return (g.ours ? '\u2605 ' : '') + '"' + g.displayName + '" (' + where + '): ' + g.state;
  }
  function render(runs) {
    while (body.firstChild) body.removeChild(body.firstChild);
    if (!runs.length) { body.appendChild(h('p', { text: 'No update runs in the fleets of the scope.' })); return; }
    runs.forEach(function (run) {
      var rows = [];
      run.stages.forEach(function (s) {
        var gates = s.gates.length ? s.gates.map(function (g) {
          return h('li', {}, [gateText(g), g.did ? h('div', { 'class': 'muted', text: g.did.code + ' \u2014 ' + g.did.reason }) : null]);
        }) : [h('li', { text: 'no gates' })];
        rows.push(h('tr', {}, [h('th', { scope: 'row', text: s.name }), h('td', { text: s.state }), h('td', { text: s.upgraded + ' / ' + s.members }), h('td', {}, [h('ul', {}, gates)])]));
      });
      var caption = run.fleet + ' / ' + run.name + ' \u2192 Kubernetes ' + (run.kubernetesVersion || '(node image)') + ': ' + run.state;
      body.appendChild(h('table', {}, [h('caption', { text: caption }),
        h('thead', {}, [h('tr', {}, [h('th', { scope: 'col', text: 'Stage' }), h('th', { scope: 'col', text: 'State' }), h('th', { scope: 'col', text: 'Members upgraded' }), h('th', { scope: 'col', text: 'Gates and what the app did' })])]),
        h('tbody', {}, rows)]));
    });
  }
  var q = key ? '?code=' + encodeURIComponent(key) : '';
  fetch('ui/fleet-runs' + q, { headers: { accept: 'application/json' }, credentials: 'same-origin' })
    .then(function (r) {
      return r.text().then(function (t) {
        var b = null;
        try { b = t ? JSON.parse(t) : null; } catch (ignored) { b = null; }
        if (r.status === 401) throw new Error('the function key or sign-in was refused (HTTP 401); see the message at the top of the page.');
        if (!r.ok || b === null) throw new Error('the app answered HTTP ' + r.status + (b === null ? ' without JSON' : '') + '; the page tries again on reload.');
        return b;
      });
    }, function () { throw new Error('the app could not be reached.'); })
    .then(function (b) { render(b.runs || []); })
    .catch(function (e) { while (body.firstChild) body.removeChild(body.firstChild); body.appendChild(h('p', { text: 'Fleet update runs could not be read: ' + e.message })); });
})();`;
