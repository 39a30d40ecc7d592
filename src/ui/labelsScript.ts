/**
 * Browser script (a fragment of the page script's scope): honest labels for decisions. `none` is labelled by its code
 * (only up to date is green); every label is an icon and words, never colour alone. Uses `h` from the page script.
 */
import { LABELS_JSON } from '../report/decisionLabels';

/** Defines `decisionLabel(action, code)`, `labelText(label, n)`, `decisionBadge(action, code)` and `countsText(actions, noneCodes)`. */
export const LABELS_SCRIPT = String.raw`
  var LABELS = ${LABELS_JSON};
  var LABEL_ORDER = ['error', 'blocked', 'wait', 'hold', 'upgrade', 'none', 'skip'];
  function decisionLabel(action, code) {
    if (action === 'none' && code) return LABELS.none[code] || { icon: LABELS.actions.none.icon, text: 'no move (' + code + ')', tone: 'idle' };
    return LABELS.actions[action] || { icon: '?', text: String(action), tone: 'idle' };
  }
  function labelText(label, n) { return label.icon + ' ' + (n === undefined ? '' : n + ' ') + label.text; }
  function decisionBadge(action, code) {
    var l = decisionLabel(action, code);
    return h('span', { 'class': 'badge t-' + l.tone, text: labelText(l) });
  }
  function noneEntries(noneCodes) {
    return Object.keys(noneCodes || {}).sort(function (a, b) { return (a === 'up-to-date') - (b === 'up-to-date') || (a < b ? -1 : 1); })
      .map(function (code) { return { label: decisionLabel('none', code), n: noneCodes[code] }; });
  }
  function countEntries(actions, noneCodes) {
    var out = [];
    LABEL_ORDER.forEach(function (a) {
      if (!actions[a]) return;
      if (a === 'none' && noneCodes) noneEntries(noneCodes).forEach(function (e) { out.push(e); });
      else out.push({ label: decisionLabel(a), n: actions[a] });
    });
    return out;
  }
  function countsText(actions, noneCodes) { return countEntries(actions, noneCodes).map(function (e) { return labelText(e.label, e.n); }); }
  function worstTone(actions, noneCodes) {
    var first = countEntries(actions, noneCodes)[0];
    return first ? first.label.tone : 'idle';
  }
`;
