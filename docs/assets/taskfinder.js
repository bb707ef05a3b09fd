/* Task finder (任务总览): instant, offline filtering and sorting of the task table.
   Reads row metadata from the JSON island #tf-data (same order as the table rows); keeps the
   filter in the query string so a filtered view can be shared. Never inserts data as HTML. */
(function () {
  "use strict";
  function init() {
    var island = document.getElementById("tf-data");
    var table = document.querySelector(".task-finder table");
    if (!island || !table) return;
    var meta = JSON.parse(island.textContent);
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    rows.forEach(function (row, i) { row._meta = meta[i]; });
    var form = document.querySelector(".task-filters");
    var count = document.getElementById("tf-count");
    var fields = ["q", "dept", "chapter", "year", "indicator", "status"];
    var params = new URLSearchParams(window.location.search);
    fields.forEach(function (f) { if (params.get(f)) form.elements[f].value = params.get(f); });

    function apply() {
      var v = {};
      fields.forEach(function (f) { v[f] = form.elements[f].value.trim(); });
      var shown = 0;
      rows.forEach(function (row) {
        var m = row._meta;
        var ok = (!v.dept || m.depts.indexOf(v.dept) >= 0) &&
          (!v.chapter || m.chapter === v.chapter) &&
          (!v.year || m.years.indexOf(v.year) >= 0) &&
          (!v.indicator || m.indicators.indexOf(v.indicator) >= 0) &&
          (!v.status || m.status === v.status) &&
          (!v.q || v.q.split(/\s+/).every(function (w) { return (m.id + " " + m.text + " " + row.textContent).indexOf(w) >= 0; }));
        row.hidden = !ok;
        if (ok) shown++;
      });
      count.textContent = "共 " + rows.length + " 项任务，显示 " + shown + " 项";
      var q = new URLSearchParams();
      fields.forEach(function (f) { if (v[f]) q.set(f, v[f]); });
      var qs = q.toString();
      if (window.location.protocol !== "file:" || qs) {
        try { history.replaceState(null, "", qs ? "?" + qs : window.location.pathname); } catch (e) { /* file:// may refuse */ }
      }
    }
    form.addEventListener("input", apply);
    form.addEventListener("change", apply);
    form.addEventListener("reset", function () { setTimeout(apply, 0); });

    var headers = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(headers, function (th, col) {
      var b = document.createElement("button");
      b.type = "button";
      b.textContent = th.textContent;
      th.textContent = "";
      th.appendChild(b);
      th.setAttribute("aria-sort", "none");
      b.addEventListener("click", function () {
        var asc = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(headers, function (h) { h.setAttribute("aria-sort", "none"); });
        th.setAttribute("aria-sort", asc ? "ascending" : "descending");
        var key = function (r) {
          if (col === 4) return r._meta.sortDeadline;
          if (col === 1) return ("0" + r._meta.chapter).slice(-2);
          return r.cells[col].textContent;
        };
        var sorted = rows.slice().sort(function (a, b2) {
          var x = key(a), y = key(b2);
          return (x < y ? -1 : x > y ? 1 : 0) * (asc ? 1 : -1);
        });
        sorted.forEach(function (r) { table.tBodies[0].appendChild(r); });
      });
    });
    apply();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
