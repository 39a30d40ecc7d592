/**
 * The stylesheet of the status page and of the HTML plan report (inlined: no external fetch). Fits 360–1920 px with no
 * sideways page scroll: tables scroll in their own box (.scroll), cards and rows wrap, long ids break.
 */
export const PAGE_STYLES = String.raw`
:root { --fg:#1b1f24; --muted:#57606a; --bg:#ffffff; --panel:#f6f8fa; --line:#d0d7de; --focus:#0550ae;
  --ok:#1a7f37; --ok-bg:#dafbe1; --bad:#a40e26; --bad-bg:#ffebe9; --warn:#7d4e00; --warn-bg:#fff8c5;
  --info:#0550ae; --info-bg:#ddf4ff; --idle:#57606a; --idle-bg:#eaeef2; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin:0; overflow-wrap: anywhere; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color:var(--fg); background:var(--bg); }
a { color: var(--info); }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
.skip { position:absolute; left:-9999px; }
.skip:focus { left:8px; top:8px; background:#fff; padding:4px 8px; z-index:10; }
header { padding: 12px 20px; border-bottom:1px solid var(--line); background:var(--panel); }
nav { display:flex; flex-wrap: wrap; gap: 2px 14px; margin-top: 4px; }
header h1 { font-size: 20px; margin: 0 0 4px; }
header p { margin: 0; color: var(--muted); }
main { padding: 8px 20px 40px; max-width: 1400px; }
section { margin-top: 18px; }
h2 { font-size: 17px; border-bottom:1px solid var(--line); padding-bottom:4px; }
h3 { font-size: 15px; margin: 0 0 6px; }
.scroll { overflow-x: auto; max-width: 100%; margin: 6px 0 14px; }
.scroll > table { margin: 0; overflow-wrap: normal; }
table { border-collapse: collapse; margin: 6px 0 14px; }
td.reason { min-width: 18em; }
.nowrap { white-space: nowrap; }
th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: var(--panel); font-weight: 600; }
caption { text-align:left; font-weight:600; padding: 4px 0; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
.muted { color: var(--muted); }
.badge { display:inline-block; padding: 0 6px; border-radius: 10px; border:1px solid currentColor; font-size: 12px; white-space: nowrap; }
/* tones: green (ok) only for up to date and completed; text and an icon always say the same */
.t-info, .s-rolling, .s-Running { color: var(--info); background: var(--info-bg); }
.t-ok, .s-completed, .s-Completed { color: var(--ok); background: var(--ok-bg); }
.t-warn, .s-baking, .s-waiting-approval, .s-planning, .s-Pending, .s-completed-with-failures { color: var(--warn); background: var(--warn-bg); }
.t-bad, .s-halted, .s-Failed, .s-Terminated { color: var(--bad); background: var(--bad-bg); }
.t-idle { color: var(--idle); background: var(--idle-bg); }
td.cell { min-width: 74px; }
td.cell .count { font-weight: 700; font-size: 15px; }
td.cell .acts { display:block; font-size: 12px; }
.matrix-wrap { display:flex; flex-wrap: wrap; gap: 0 24px; }
.matrix-wrap > .scroll { flex: 0 1 auto; }
ul.invalid { padding-left: 20px; }
.rollout { border:1px solid var(--line); border-radius:6px; padding: 10px 12px; margin-bottom: 12px; background: var(--bg); }
.rings { list-style:none; padding:0; margin: 8px 0 0; }
.rings li { display:flex; flex-wrap: wrap; gap: 2px 10px; align-items:center; margin: 3px 0 6px; }
.rings .ring-name { flex: 0 0 140px; }
.rings .ring-text { flex: 1 1 16em; }
.bar { flex: 1 1 160px; max-width: 420px; display:flex; height: 14px; border:1px solid var(--line); border-radius: 3px; overflow:hidden; background: var(--idle-bg); }
.bar span { display:block; height:100%; }
.seg-succeeded { background: var(--ok); } .seg-failed { background: var(--bad); }
.seg-skipped { background: repeating-linear-gradient(45deg, var(--idle), var(--idle) 3px, var(--idle-bg) 3px, var(--idle-bg) 6px); }
.approval { margin-top: 8px; padding: 8px; border:1px dashed var(--warn); background: var(--warn-bg); }
.approval label { margin-right: 6px; }
.approval input { max-width: 100%; }
button, select, input { font: inherit; padding: 3px 8px; }
button { cursor: pointer; border:1px solid var(--fg); background:#fff; border-radius: 4px; }
button.primary { background: var(--info); color:#fff; border-color: var(--info); }
form.filters { display:flex; flex-wrap: wrap; gap: 8px 16px; align-items: end; }
form.filters .field { display:flex; flex-direction: column; }
form.filters label { font-size: 12px; color: var(--muted); }
.pager { display:flex; gap: 10px; align-items:center; }
button.link { border:none; background:none; color: var(--info); text-decoration: underline; padding: 0; }
.timeline { list-style: none; padding: 0; }
.timeline li { border-left: 3px solid var(--line); padding: 2px 0 6px 10px; }
dl.facts { display:grid; grid-template-columns: max-content minmax(0, 1fr); gap: 2px 14px; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; }
@media (max-width: 600px) {
  header, main { padding-left: 10px; padding-right: 10px; }
  header h1 { font-size: 17px; }
  .rings .ring-name { flex-basis: 100%; }
  form.filters .field, form.filters select, form.filters input { max-width: 100%; }
}
`;
