/**
 * Browser script (a fragment of the page script's scope): the plan report's own sections — the moves first, then the
 * cluster list — and the clusters whose Kubernetes version is invalid (status page too). Tables sit in a box that
 * scrolls sideways on its own, so the page never does. Uses `h`, `clear` and `$` from the page script.
 */

/** Defines `scrollBox(table, label)`, `renderMoves(moves)`, `renderClusters(clusters)` and `renderInvalid(list)`. */
export const PLAN_SECTIONS_SCRIPT = String.raw`
  function scrollBox(table, label) {
    return h('div', { 'class': 'scroll', role: 'region', tabindex: '0', 'aria-label': label }, [table]);
  }
  function headRow(titles) { return h('thead', null, [h('tr', null, titles.map(function (t) { return h('th', { scope: 'col', text: t }); }))]); }

  function renderMoves(moves) {
    var root = clear($('moves-body'));
    if (!moves.length) { root.appendChild(h('p', { text: 'No extension moves in this plan.' })); return; }
    var rows = moves.map(function (m) {
      return h('tr', null, [h('td', { text: m.cluster, title: m.clusterId }), h('td', { text: m.ring }), h('td', { text: m.extensionName + ' (' + m.extensionType + ')' }),
        h('td', { 'class': 'nowrap', text: m.from + ' \u2192 ' + m.to }), h('td', { text: m.path.join(' \u2192 ') }), h('td', { text: m.moveKind || '' }), h('td', { 'class': 'reason', text: m.reason })]);
    });
    root.appendChild(scrollBox(h('table', null, [h('caption', { text: moves.length + (moves.length === 1 ? ' upgrade' : ' upgrades') + ', in rollout order' }),
      headRow(['Cluster', 'Ring', 'Extension', 'From \u2192 to', 'Path', 'Kind', 'Reason']), h('tbody', null, rows)]), 'Moves'));
  }

  function renderClusters(clusters) {
    var root = clear($('clusters-body'));
    var rows = clusters.map(function (c) {
      return h('tr', null, [h('td', { text: c.cluster, title: c.clusterId }), h('td', { text: c.ring }), h('td', { text: c.kubernetesVersion }), h('td', { 'class': 'num', text: String(c.moves) }),
        h('td', { 'class': 'num', text: String(c.heldBack) }), h('td', { 'class': 'num', text: String(c.upToDate) }), h('td', { 'class': 'num', text: String(c.skipped) }), h('td', { text: c.subscription })]);
    });
    root.appendChild(scrollBox(h('table', null, [h('caption', { text: 'Every cluster of the snapshot, by ring' }),
      headRow(['Cluster', 'Ring', 'Kubernetes', 'Moves', 'Held back', 'Up to date', 'Skipped', 'Subscription']), h('tbody', null, rows)]), 'Clusters'));
  }

  function renderInvalid(list) {
    var root = clear($('invalid-body'));
    if (!list || !list.length) return;
    root.appendChild(h('h3', { text: 'Clusters with an invalid Kubernetes version (' + list.length + ')' }));
    root.appendChild(h('p', { 'class': 'muted', text: 'Not X.Y[.Z]: kept out of the matrix; their extensions are errors in the list of what is held back.' }));
    root.appendChild(h('ul', { 'class': 'invalid' }, list.map(function (c) { return h('li', { title: c.clusterId }, [c.cluster + ' (' + c.ring + '): ', h('code', { text: c.kubernetesVersion })]); })));
  }
`;
