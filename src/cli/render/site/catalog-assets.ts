/**
 * The catalog's stylesheet and script, written beside the pages. No framework and nothing fetched: the
 * script filters the index by schema and field names, and opens every history entry before printing.
 */
export const CATALOG_CSS = `:root {
  --bg: #ffffff; --fg: #1d2330; --muted: #5b6473; --line: #d9dee7; --panel: #f5f7fa; --link: #0b5cad;
  --accent: #0b5cad; --red: #b42318; --green: #1a7f37; --amber: #9a6700;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; line-height: 1.45;
}
@media (prefers-color-scheme: dark) {
  :root { --bg: #12151b; --fg: #e6e9ef; --muted: #9aa4b2; --line: #2c3340; --panel: #1b2029; --link: #79b8ff;
    --accent: #79b8ff; --red: #ff7b72; --green: #56d364; --amber: #e3b341; }
}
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 72rem; padding: 1rem; background: var(--bg); color: var(--fg); }
a { color: var(--link); }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.9em; background: var(--panel); padding: 0 0.25em; border-radius: 3px; overflow-wrap: anywhere; }
h1 { margin: 0.2em 0; font-size: 1.7rem; }
h2 { border-bottom: 1px solid var(--line); padding-bottom: 0.2em; margin-top: 1.6em; }
.meta, .default { color: var(--muted); }
.default { font-size: 0.85em; }
.lead { font-size: 1.1rem; }
/* A description's own line breaks are kept (docs/catalog.md); runs of spaces still fold as elsewhere. */
.description { white-space: pre-line; }
.badge { display: inline-block; font-size: 0.75em; padding: 0.05em 0.5em; border-radius: 1em; border: 1px solid currentColor; vertical-align: middle; }
.status-published { color: var(--green); } .status-draft { color: var(--amber); } .status-deprecated { color: var(--red); }
.blocked { color: var(--red); }
.system { font-style: italic; }
.search { display: block; margin: 0.5em 0; font-weight: 600; }
.search input { display: block; width: 100%; max-width: 32rem; margin-top: 0.3em; padding: 0.5em; font: inherit; color: var(--fg); background: var(--panel); border: 1px solid var(--line); border-radius: 6px; }
ul.schemas { list-style: none; padding: 0; display: grid; gap: 0.5rem; grid-template-columns: repeat(auto-fill, minmax(18rem, 1fr)); }
ul.schemas li { border: 1px solid var(--line); border-radius: 8px; padding: 0.6rem 0.8rem; background: var(--panel); }
ul.schemas li a { font-weight: 600; }
ul.schemas li .meta, ul.schemas li .description, ul.schemas li .match { display: block; font-size: 0.9em; }
ul.schemas li .match { color: var(--accent); }
ul.schemas li .match:empty { display: none; }
.diagram { overflow: auto; border: 1px solid var(--line); border-radius: 8px; padding: 0.5rem; max-height: 80vh; background: var(--bg); }
.diagram svg { max-width: 100%; height: auto; }
.diagram.large svg { max-width: none; }
.diagram svg g.graph > polygon { fill: transparent; }
.diagram svg text { fill: var(--fg); }
.diagram svg .node polygon, .diagram svg .node ellipse, .diagram svg .cluster polygon { stroke: var(--muted); }
.diagram svg .node a:hover polygon, .diagram svg .node a:focus polygon { fill: var(--panel); stroke: var(--accent); stroke-width: 2; }
.diagram svg .edge path, .diagram svg .edge polygon { stroke: var(--muted); }
.diagram svg .edge polygon { fill: var(--muted); }
.diagram svg [stroke="red"], .diagram svg .edge path[stroke="red"] { stroke: var(--red); }
.diagram svg text[fill="red"] { fill: var(--red); }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.2em 1em; margin: 1em 0; }
dl.facts dt { color: var(--muted); } dl.facts dd { margin: 0; }
.table-wrap { overflow-x: auto; }
table.fields { border-collapse: collapse; width: 100%; font-size: 0.95em; }
table.fields th, table.fields td { text-align: left; vertical-align: top; border-bottom: 1px solid var(--line); padding: 0.4em 0.6em; }
table.fields th { background: var(--panel); }
td.name code { white-space: nowrap; overflow-wrap: normal; }
tr.depth-1 td.name { padding-left: 1.8em; } tr.depth-2 td.name { padding-left: 3.2em; } tr.depth-3 td.name { padding-left: 4.6em; }
tr[class^="depth-"]:not(.depth-0) td.name code::before { content: "↳ "; color: var(--muted); }
code.enum { border: 1px solid var(--line); }
details { border: 1px solid var(--line); border-radius: 6px; padding: 0.4em 0.8em; margin: 0.4em 0; }
summary { cursor: pointer; }
ul.diff { list-style: none; padding-left: 0.5em; font-family: ui-monospace, monospace; font-size: 0.9em; }
ul.diff .added { color: var(--green); } ul.diff .removed { color: var(--red); } ul.diff .changed { color: var(--amber); }
@media (max-width: 40rem) {
  body { padding: 0.6rem; }
  table.fields th:nth-child(5), table.fields td:nth-child(5) { display: none; }
  dl.facts { grid-template-columns: 1fr; } dl.facts dd { margin-bottom: 0.4em; }
}
@media print {
  :root { --bg: #fff; --fg: #000; --panel: #fff; --link: #000; }
  nav, .search, #count { display: none; }
  .diagram { max-height: none; overflow: visible; border: none; }
  .diagram svg { max-width: 100%; }
  tr, li, details { break-inside: avoid; }
  a { text-decoration: none; }
}
`;

export const CATALOG_JS = `'use strict';
(function () {
  var input = document.getElementById('search');
  var list = document.getElementById('schema-list');
  var count = document.getElementById('count');
  window.addEventListener('beforeprint', function () {
    document.querySelectorAll('details').forEach(function (d) { d.open = true; });
  });
  if (!input || !list || !count) return;
  var items = Array.prototype.slice.call(list.querySelectorAll('li'));
  var total = items.length;
  function plural(n) { return n === 1 ? ' schema' : ' schemas'; }
  function apply() {
    var query = input.value.trim().toLowerCase();
    var shown = 0;
    items.forEach(function (item) {
      var byName = query === '' || item.dataset.search.indexOf(query) >= 0;
      var fields = query === '' ? [] : item.dataset.fields.split(' ').filter(function (f) { return f !== '' && f.toLowerCase().indexOf(query) >= 0; });
      var match = byName || fields.length > 0;
      item.hidden = !match;
      item.querySelector('.match').textContent = !byName && fields.length > 0 ? 'fields: ' + fields.slice(0, 6).join(', ') + (fields.length > 6 ? ', ...' : '') : '';
      if (match) shown++;
    });
    count.textContent = query === '' ? total + plural(total) : shown + ' of ' + total + plural(total) + ' match';
  }
  input.addEventListener('input', apply);
  document.addEventListener('keydown', function (event) {
    if (event.key === '/' && document.activeElement !== input) { event.preventDefault(); input.focus(); }
  });
  apply();
})();
`;
