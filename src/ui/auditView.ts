/**
 * The status page's audit view: who did what and why — time, the whole rollout id, cluster, extension, action (the
 * row's kind), code, actor and reason — filtered by rollout and by cluster (GET /api/ui/audit). The section's HTML and
 * its browser script (a fragment of the page script's scope: uses `h`, `clear`, `$`, `request`, `shortId`, `scrollBox`).
 */

/** The section: a filter form and the table (in a box that scrolls sideways on its own). */
export const AUDIT_SECTION = `<section id="audit" aria-labelledby="audit-h"><h2 id="audit-h">Audit log</h2>
<form id="audit-filters" class="filters" aria-label="Filter the audit log"><div class="field"><label for="audit-rollout">Rollout id</label><input id="audit-rollout" name="rollout" type="text" spellcheck="false" autocomplete="off"></div>
<div class="field"><label for="audit-cluster">Cluster ARM id</label><input id="audit-cluster" name="cluster" type="text" spellcheck="false" autocomplete="off"></div>
<button type="submit">Show rows</button></form><p id="audit-count" aria-live="polite"></p>
<div class="scroll" role="region" tabindex="0" aria-label="Audit log"><table><caption>Audit rows, newest first</caption><thead><tr><th scope="col">At</th><th scope="col">Rollout</th><th scope="col">Cluster</th><th scope="col">Extension</th><th scope="col">Action</th><th scope="col">Code</th><th scope="col">Actor</th><th scope="col">Reason</th></tr></thead><tbody id="audit-rows"></tbody></table></div></section>`;

/** Defines `wireAudit()`, `loadAudit()` and `auditFor(rolloutId)` (fills the rollout filter once, when still empty). */
export const AUDIT_SCRIPT = String.raw`
  var auditFilled = false;
  function renderAudit(rows) {
    var body = clear($('audit-rows'));
    rows.forEach(function (r) {
      body.appendChild(h('tr', null, [h('td', { 'class': 'nowrap' }, [h('time', { datetime: r.at, text: r.at })]), h('td', { 'class': 'nowrap', text: r.rolloutId }),
        h('td', { text: r.clusterId ? shortId(r.clusterId) : '\u2014', title: r.clusterId || '' }), h('td', { text: r.extensionName || '\u2014' }), h('td', { text: r.kind }),
        h('td', { text: r.code }), h('td', { text: r.actor || '\u2014' }), h('td', { 'class': 'reason', text: r.reason })]));
    });
    if (!rows.length) body.appendChild(h('tr', null, [h('td', { colspan: '8', text: 'No audit rows match.' })]));
    $('audit-count').textContent = rows.length + (rows.length === 1 ? ' row' : ' rows');
  }
  function loadAudit() {
    var rollout = $('audit-rollout').value.trim(), cluster = $('audit-cluster').value.trim();
    if (!rollout && !cluster) { $('audit-count').textContent = 'Give a rollout id or a cluster ARM id.'; clear($('audit-rows')); return Promise.resolve(); }
    $('audit-count').textContent = 'Reading the audit log\u2026';
    return request('ui/audit', { rollout: rollout, cluster: cluster }).then(function (d) { renderAudit(d.rows); },
      function (e) { $('audit-count').textContent = 'Could not read the audit log: ' + e.message; });
  }
  function auditFor(rolloutId) {
    if (auditFilled || !rolloutId) return;
    auditFilled = true;
    if (!$('audit-rollout').value) { $('audit-rollout').value = rolloutId; loadAudit(); }
  }
  function wireAudit() {
    $('audit-filters').addEventListener('submit', function (ev) { ev.preventDefault(); auditFilled = true; loadAudit(); });
  }
`;
