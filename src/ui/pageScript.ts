/**
 * The browser script of the status page and of the HTML plan report (plain ES2017, no build step, no dependency).
 * Report mode: the plan is embedded in `<script type="application/json" id="report-data">` and nothing is fetched;
 * live mode: it reads ui/rollouts, ui/fleet, ui/cluster and ui/audit beside the page, passing on the `code` query
 * parameter (function key) unless the sign-in script (signInScript.ts) holds a token, which it sends as
 * `Authorization: Bearer` instead, and approves through rollouts/{id}/approve. DOM is built with textContent only (no
 * HTML injection). Labels, failures, the plan's sections and the audit view are fragments from their own modules. Every
 * text and attribute goes through showControls (src/report/inertText.ts): controls and bidi overrides show as the
 * table shows them.
 */
import { SHOW_CONTROLS_SCRIPT } from '../report/inertText';
import { AUDIT_SCRIPT } from './auditView';
import { LABELS_SCRIPT } from './labelsScript';
import { PAGE_ERRORS_SCRIPT } from './pageErrors';
import { PLAN_SECTIONS_SCRIPT } from './planSections';

export const PAGE_SCRIPT = String.raw`(function () {
  'use strict';
  ${SHOW_CONTROLS_SCRIPT}
  var doc = document;
  var dataEl = doc.getElementById('report-data');
  var REPORT = dataEl ? JSON.parse(dataEl.textContent || '{}') : null;
  var key = new URLSearchParams(location.search).get('code');
  var PAGE = 50;
  var STATES = {
    planning: '\u25d4 planning', 'waiting-approval': '\u2691 waiting for approval', rolling: '\u25b6 rolling',
    baking: '\u25f4 baking', halted: '\u2298 halted', completed: '\u2714 completed', 'completed-with-failures': '\u26a0 completed with failures', Failed: '\u2716 failed',
    Terminated: '\u25a0 terminated', Pending: '\u25d4 pending', Running: '\u25b6 running', Completed: '\u2714 completed'
  };
  var filter = { subscription: '', ring: '', extensionType: '', action: '' };
  var offset = 0;
  var skew = 0;
  var approver = '';
  var refreshTimer = null;

  function $(id) { return doc.getElementById(id); }
  function h(tag, attrs, kids) {
    var e = doc.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      var v = attrs[k];
      if (v === undefined || v === null || v === false) return;
      if (k === 'text') e.textContent = showControls(v);
      else e.setAttribute(k, v === true ? '' : showControls(v));
    });
    (kids || []).forEach(function (c) {
      if (c !== null && c !== undefined) e.appendChild(typeof c === 'string' ? doc.createTextNode(showControls(c)) : c);
    });
    return e;
  }
  function clear(e) { while (e.firstChild) e.removeChild(e.firstChild); return e; }
  function say(text) { var s = $('status'); if (s) s.textContent = showControls(text); }
  function url(path, query) {
    var q = new URLSearchParams();
    Object.keys(query || {}).forEach(function (k) { if (query[k] !== undefined && query[k] !== '') q.set(k, String(query[k])); });
    if (key && !bearer()) q.set('code', key);
    var s = q.toString();
    return path + (s ? '?' + s : '');
  }
  function bearer() { return window.reconcilerAuth ? window.reconcilerAuth.header() : null; }
  function request(path, query, init) {
    var auth = window.reconcilerAuth ? window.reconcilerAuth.ready : Promise.resolve();
    return auth.then(function () {
      var opts = init || { headers: { accept: 'application/json' }, credentials: 'same-origin' };
      if (bearer()) opts.headers.authorization = bearer();
      return fetch(url(path, query), opts);
    }).then(readResponse, unreachable);
  }
  function shortId(id) { var p = String(id).split('/'); return p[p.length - 1] || String(id); }
  function remaining(until) {
    var ms = Math.max(0, Date.parse(until) - (Date.now() + skew));
    var s = Math.floor(ms / 1000), hh = Math.floor(s / 3600), mm = Math.floor((s % 3600) / 60), ss = s % 60;
    return (hh ? hh + 'h ' : '') + (hh || mm ? mm + 'm ' : '') + ss + 's';
  }
  function tick() {
    Array.prototype.forEach.call(doc.querySelectorAll('time.countdown'), function (t) { t.textContent = remaining(t.getAttribute('datetime')); });
  }

${LABELS_SCRIPT}${PAGE_ERRORS_SCRIPT}${PLAN_SECTIONS_SCRIPT}${AUDIT_SCRIPT}
  function renderSummary(summary, generatedAt, noneCodes) {
    var parts = [summary.clusters + ' clusters', summary.extensions + ' extensions'].concat(countsText(summary.byAction, noneCodes));
    if (summary.assumedKubernetesVersion) parts.push('what-if: every cluster on Kubernetes ' + (summary.assumedKubernetesVersion === '+1' ? 'its next minor (+1)' : summary.assumedKubernetesVersion));
    $('summary').textContent = parts.join(' \u00b7 ') + (generatedAt ? ' \u00b7 planned at ' + generatedAt : '');
  }

  function renderMatrix(matrix) {
    var root = clear($('matrix-body'));
    if (!matrix.length) { root.appendChild(h('p', { text: 'No extensions in the plan.' })); return; }
    var wrap = h('div', { 'class': 'matrix-wrap' });
    matrix.forEach(function (t) {
      var cells = {};
      t.cells.forEach(function (c) { cells[c.version + '|' + c.kubernetesMinor] = c; });
      var head = h('tr', null, [h('th', { scope: 'col', text: 'Version / Kubernetes' })].concat(t.kubernetesMinors.map(function (m) { return h('th', { scope: 'col', text: m }); })));
      var rows = t.versions.map(function (v) {
        return h('tr', null, [h('th', { scope: 'row', text: v })].concat(t.kubernetesMinors.map(function (m) {
          var c = cells[v + '|' + m];
          if (!c) return h('td', { 'class': 'cell muted', text: '\u00b7' });
          var acts = countsText(c.actions, c.noneCodes);
          return h('td', { 'class': 'cell t-' + worstTone(c.actions, c.noneCodes), title: c.count + ' \u00d7 ' + t.extensionType + ' ' + v + ' on Kubernetes ' + m + ': ' + acts.join(', ') }, [
            h('span', { 'class': 'count', text: String(c.count) }), h('span', { 'class': 'acts', text: acts.join(' \u00b7 ') })]);
        })));
      });
      wrap.appendChild(scrollBox(h('table', { 'class': 'matrix' }, [h('caption', { text: t.extensionType }), h('thead', null, [head]), h('tbody', null, rows)]), 'Matrix of ' + t.extensionType));
    });
    root.appendChild(wrap);
  }

  function option(value, label, selected) { return h('option', { value: value, selected: selected, text: label }); }
  function renderFilters(filters) {
    var form = clear($('problem-filters'));
    var fields = [['subscription', 'Subscription', filters.subscriptions], ['ring', 'Ring', filters.rings],
      ['extensionType', 'Extension type', filters.extensionTypes], ['action', 'Status', ['error', 'blocked', 'wait', 'hold', 'none']]];
    fields.forEach(function (f) {
      var id = 'filter-' + f[0];
      var select = h('select', { id: id, name: f[0] }, [option('', 'All', filter[f[0]] === '')].concat(f[2].map(function (v) { return option(v, f[0] !== 'action' ? v : v === 'none' ? 'no move yet (policy)' : labelText(decisionLabel(v)), filter[f[0]] === v); })));
      select.addEventListener('change', function () { filter[f[0]] = select.value; offset = 0; loadProblems(); });
      form.appendChild(h('div', { 'class': 'field' }, [h('label', { 'for': id, text: f[1] }), select]));
    });
  }

  function localProblems() {
    var items = REPORT.problems.filter(function (p) {
      return (!filter.subscription || p.subscription.toLowerCase() === filter.subscription.toLowerCase()) &&
        (!filter.ring || p.ring.toLowerCase() === filter.ring.toLowerCase()) &&
        (!filter.extensionType || p.extensionType === filter.extensionType) && (!filter.action || p.action === filter.action);
    });
    return { total: items.length, offset: offset, limit: PAGE, items: items.slice(offset, offset + PAGE) };
  }

  function renderProblems(page) {
    var body = clear($('problem-rows'));
    page.items.forEach(function (p) {
      var cluster = REPORT ? h('span', { text: p.cluster }) : h('button', { type: 'button', 'class': 'link', 'data-cluster': p.clusterId, text: p.cluster });
      body.appendChild(h('tr', null, [h('td', null, [cluster]), h('td', { text: p.ring }), h('td', { text: p.extensionName + ' (' + p.extensionType + ')' }),
        h('td', null, [decisionBadge(p.action, p.code)]), h('td', { text: p.code }), h('td', { text: p.from + (p.to ? ' \u2192 ' + p.to : '') }), h('td', { 'class': 'reason', text: p.reason })]));
    });
    if (!page.items.length) body.appendChild(h('tr', null, [h('td', { colspan: '7', text: 'Nothing held back matches the filters.' })]));
    var last = Math.min(page.total, page.offset + page.items.length);
    $('problem-count').textContent = page.total ? 'Showing ' + (page.offset + 1) + '\u2013' + last + ' of ' + page.total + ' held back' : 'Nothing held back';
    $('prev').disabled = page.offset <= 0;
    $('next').disabled = last >= page.total;
  }

  function loadProblems() {
    if (REPORT) { renderProblems(localProblems()); return Promise.resolve(); }
    return request('ui/fleet', { subscription: filter.subscription, ring: filter.ring, type: filter.extensionType, action: filter.action, offset: offset, limit: PAGE })
      .then(function (d) { renderProblems(d.problems); }, function (e) { say('Could not load what is held back: ' + e.message); });
  }

  function loadFleet() {
    if (REPORT) {
      renderSummary(REPORT.summary, REPORT.generatedAt, REPORT.noneCodes); renderMoves(REPORT.moves || []); renderMatrix(REPORT.matrix); renderInvalid(REPORT.invalidKubernetes);
      renderFilters(REPORT.filters); renderProblems(localProblems()); renderClusters(REPORT.clusters || []);
      return Promise.resolve();
    }
    $('matrix-body').textContent = 'Planning the fleet\u2026';
    return request('ui/fleet', { offset: 0, limit: PAGE }).then(function (d) {
      renderSummary(d.summary, d.generatedAt, d.noneCodes); renderMatrix(d.matrix); renderInvalid(d.invalidKubernetes); renderFilters(d.filters); renderProblems(d.problems);
    }, function (e) { $('summary').textContent = 'The plan is not available.'; $('matrix-body').textContent = showControls('Could not plan the fleet: ' + e.message); });
  }

  function ringRow(g) {
    var left = Math.max(0, g.clusters - g.succeeded - g.failed - g.skipped);
    var total = Math.max(1, g.clusters);
    var text = g.succeeded + ' succeeded, ' + g.failed + ' failed, ' + g.skipped + ' skipped, ' + left + ' remaining';
    var bar = h('div', { 'class': 'bar', role: 'img', 'aria-label': 'Ring ' + g.name + ': ' + text });
    ['succeeded', 'failed', 'skipped'].forEach(function (k) {
      var s = h('span', { 'class': 'seg-' + k });
      s.style.width = (100 * g[k] / total) + '%';
      bar.appendChild(s);
    });
    return h('li', null, [h('span', { 'class': 'ring-name', text: g.name + ' (' + g.clusters + ')' }), bar,
      h('span', { 'class': 'ring-text', text: '\u2714 ' + g.succeeded + ' succeeded \u00b7 \u2716 ' + g.failed + ' failed \u00b7 \u21b7 ' + g.skipped + ' skipped \u00b7 ' + left + ' remaining' })]);
  }

  function approvalForm(r) {
    var id = 'approver-' + r.instanceId;
    var input = h('input', { id: id, type: 'text', autocomplete: 'name', value: approver });
    input.addEventListener('input', function () { approver = input.value; });
    var button = h('button', { type: 'submit', 'class': 'primary', text: 'Approve ring ' + r.approval.ring });
    var form = h('form', { 'class': 'approval', 'aria-label': 'Approve ring ' + r.approval.ring }, [
      h('p', { text: '\u2691 Ring ' + r.approval.ring + ' (' + r.approval.clusters + (r.approval.clusters === 1 ? ' cluster' : ' clusters') + ') waits for approval until ' + r.approval.deadline + '.' }),
      h('label', { 'for': id, text: 'Approver (used when you are not signed in)' }), input, ' ', button]);
    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      button.disabled = true;
      var body = { ring: r.approval.ring, rolloutId: r.rolloutId };
      if (approver.trim()) body.approvedBy = approver.trim();
      request('rollouts/' + encodeURIComponent(r.instanceId) + '/approve', {}, { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
        .then(function (b) { say('Ring ' + b.ring + ' approved by ' + b.approvedBy + '.'); button.blur(); loadRollouts(true); },
          function (e) { say('Approval failed: ' + e.message); button.disabled = false; });
    });
    return form;
  }

  function rolloutCard(r) {
    var st = r.state || r.runtimeStatus;
    var kids = [h('h3', { text: 'Rollout ' + r.rolloutId }),
      h('p', null, [h('span', { 'class': 'badge s-' + st, text: STATES[st] || st }), ' \u00b7 instance ' + r.instanceId + ' \u00b7 trigger ' + (r.trigger || 'unknown') + (r.dryRun ? ' \u00b7 dry run' : '')])];
    if (r.halt) kids.push(h('p', { 'class': 'badge s-halted', text: '\u2298 Halted in ring ' + r.halt.ring + ': ' + r.halt.reason + ' (' + r.halt.code + ')' }));
    if (st === 'baking' && r.until) kids.push(h('p', null, ['\u25f4 Ring ' + (r.ring || '') + ' is baking; the next ring starts in ', h('time', { 'class': 'countdown', datetime: r.until, text: remaining(r.until) })]));
    if (r.approval) kids.push(approvalForm(r));
    if (r.approved) kids.push(h('p', { 'class': 'approved', text: '\u2714 Ring ' + r.approved.ring + ' approved by ' + r.approved.by + ' at ' + r.approved.at + '; the rollout takes it in.' }));
    if (r.rings.length) kids.push(h('ol', { 'class': 'rings', 'aria-label': 'Rings of rollout ' + r.rolloutId }, r.rings.map(ringRow)));
    return h('article', { 'class': 'rollout', 'aria-label': 'Rollout ' + r.rolloutId, 'data-state': st }, kids);
  }

  function renderRollouts(d) {
    skew = Date.parse(d.now) - Date.now();
    var root = clear($('rollout-list'));
    if (!d.rollouts.length) root.appendChild(h('p', { text: 'No fleet rollout has run yet.' }));
    d.rollouts.forEach(function (r) { root.appendChild(rolloutCard(r)); });
    auditFor((d.rollouts[0] && d.rollouts[0].rolloutId) || (d.recent[0] && d.recent[0].rolloutId));
    var recent = clear($('recent-rows'));
    d.recent.forEach(function (x) {
      recent.appendChild(h('tr', null, [h('td', { 'class': 'nowrap', text: x.at }), h('td', { 'class': 'nowrap', text: x.rolloutId }), h('td', { text: x.trigger }), h('td', null, [h('span', { 'class': 'badge s-' + (x.kind === 'halted' ? 'halted' : 'completed'), text: (x.kind === 'halted' ? '\u2298 ' : '\u2714 ') + x.code })]), h('td', { text: x.reason })]));
    });
    if (!d.recent.length) recent.appendChild(h('tr', null, [h('td', { colspan: '5', text: 'No finished rollout in the audit log yet.' })]));
  }

  function loadRollouts(force) {
    if (refreshTimer) clearTimeout(refreshTimer);
    var active = doc.activeElement;
    if (!force && active && active.tagName === 'INPUT' && $('rollout-list').contains(active)) { refreshTimer = setTimeout(loadRollouts, 3000); return Promise.resolve(); }
    return request('ui/rollouts').then(function (d) {
      renderRollouts(d);
      var running = d.rollouts.some(function (r) { return r.runtimeStatus === 'Running' || r.runtimeStatus === 'Pending'; });
      refreshTimer = setTimeout(loadRollouts, running ? 2000 : 30000);
    }, function (e) {
      say('Could not load the rollouts: ' + e.message);
      if (!$('rollout-list').querySelector('article')) $('rollout-list').textContent = 'Not available (see the message above).';
      refreshTimer = setTimeout(loadRollouts, 10000);
    });
  }

  function showCluster(id) {
    var section = $('cluster');
    section.hidden = false;
    $('cluster-h').textContent = showControls('Cluster ' + shortId(id));
    var body = clear($('cluster-body'));
    body.textContent = 'Reading the cluster\u2026';
    $('cluster-h').focus();
    return request('ui/cluster', { id: id }).then(function (d) {
      clear(body);
      var c = d.cluster;
      var facts = [['Id', c.id], ['Subscription', c.subscription], ['Ring', c.ring], ['Kubernetes', c.kubernetesVersion],
        ['Reconciled at', c.reconciledKubernetesVersion || 'not yet'], ['Location', c.location || ''], ['Distribution', c.distribution || ''], ['Connectivity', c.connectivityStatus || ''],
        ['Last seen by discovery', c.lastSeen ? c.lastSeen.at + ' (Kubernetes ' + c.lastSeen.kubernetesVersion + ')' : 'not yet']];
      body.appendChild(h('dl', { 'class': 'facts' }, facts.reduce(function (all, f) { return all.concat([h('dt', { text: f[0] }), h('dd', { text: f[1] })]); }, [])));
      body.appendChild(scrollBox(h('table', null, [h('caption', { text: 'Extensions and their decisions' }),
        h('thead', null, [h('tr', null, ['Extension', 'Type', 'Action', 'Code', 'Version', 'Reason'].map(function (t) { return h('th', { scope: 'col', text: t }); }))]),
        h('tbody', null, d.decisions.map(function (x) {
          return h('tr', null, [h('td', { text: x.extensionName }), h('td', { text: x.extensionType }), h('td', null, [decisionBadge(x.action, x.code)]), h('td', { text: x.code }),
            h('td', { text: x.from + (x.to ? ' \u2192 ' + x.to : '') }), h('td', { 'class': 'reason', text: x.reason })]);
        }))]), 'Extensions of the cluster'));
      body.appendChild(h('h3', { text: 'Audit timeline' }));
      body.appendChild(d.timeline.length ? h('ol', { 'class': 'timeline', 'aria-label': 'Audit timeline' }, d.timeline.map(function (t) {
        return h('li', null, [h('time', { datetime: t.at, text: t.at }), ' \u00b7 ' + t.kind + ' \u00b7 ' + t.code + (t.extensionName ? ' \u00b7 ' + t.extensionName : '') + (t.actor ? ' \u00b7 by ' + t.actor : '') + ' \u00b7 ' + t.reason + ' (rollout ' + t.rolloutId + ')']);
      })) : h('p', { text: 'No audit rows for this cluster yet.' }));
    }, function (e) { body.textContent = showControls('Could not read the cluster: ' + e.message); });
  }

  function wire() {
    $('prev').addEventListener('click', function () { offset = Math.max(0, offset - PAGE); loadProblems(); });
    $('next').addEventListener('click', function () { offset += PAGE; loadProblems(); });
    if (REPORT) return;
    $('problem-rows').addEventListener('click', function (ev) {
      var t = ev.target;
      if (t && t.getAttribute && t.getAttribute('data-cluster')) location.hash = 'cluster=' + encodeURIComponent(t.getAttribute('data-cluster'));
    });
    $('cluster-close').addEventListener('click', function () { $('cluster').hidden = true; history.replaceState(null, '', location.pathname + location.search); $('problems-h').focus(); });
    window.addEventListener('hashchange', route);
    wireAudit();
    setInterval(tick, 1000);
  }
  function route() {
    var c = clusterFromHash(location.hash);
    if (c && c.problem) say(c.problem);
    else if (c) showCluster(c.id);
  }

  wire();
  loadFleet();
  if (!REPORT) { loadRollouts(); route(); }
})();
`;
