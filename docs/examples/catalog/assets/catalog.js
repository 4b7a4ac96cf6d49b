'use strict';
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
