/* 更新记录 page: filter the list of changes by record type and department, offline, without a server.
   Each change is a div.change with data-type and data-depts (space-separated department ids); a commit
   with no change left in view is hidden. The filter lives in the query string (?type=task&dept=eco),
   so a department page can link to its own changes. Never inserts data as HTML. */
(function () {
  "use strict";
  function init() {
    var form = document.querySelector("form.changes-filter");
    if (!form) return;
    var rows = Array.prototype.slice.call(document.querySelectorAll(".change[data-type]"));
    var commits = Array.prototype.slice.call(document.querySelectorAll("section.commit"));
    var count = document.getElementById("cf-count");
    var params = new URLSearchParams(window.location.search);
    ["type", "dept"].forEach(function (f) { if (params.get(f)) form.elements[f].value = params.get(f); });

    function apply() {
      var type = form.elements.type.value, dept = form.elements.dept.value, shown = 0;
      rows.forEach(function (row) {
        var ok = (!type || row.getAttribute("data-type") === type) &&
          (!dept || (" " + row.getAttribute("data-depts") + " ").indexOf(" " + dept + " ") >= 0);
        row.hidden = !ok;
        if (ok) shown++;
      });
      commits.forEach(function (c) {
        c.hidden = !c.querySelector(".change:not([hidden])");
        var d = c.querySelector("details.commit-changes");
        if (d && (type || dept)) d.open = true;
      });
      count.textContent = (type || dept) ? "共 " + rows.length + " 处改动，显示 " + shown + " 处" : "";
      var q = new URLSearchParams();
      if (type) q.set("type", type);
      if (dept) q.set("dept", dept);
      var qs = q.toString();
      if (window.location.protocol !== "file:" || qs) {
        try { history.replaceState(null, "", qs ? "?" + qs : window.location.pathname); } catch (e) { /* file:// may refuse */ }
      }
    }
    form.addEventListener("change", apply);
    apply();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
