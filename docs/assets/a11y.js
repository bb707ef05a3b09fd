/* Accessibility: a table wider than the page scrolls inside Material's .md-typeset__scrollwrap;
   make such regions reachable by keyboard (axe: scrollable-region-focusable) and name them.
   Tables inside .stack-table (pages.html.stacked_table: a department's task lists, the 进展 page's
   overdue list) are shown row by row on a phone (site.css);
   each cell gets its column's heading as data-label, which the stylesheet prints before it. */
(function () {
  "use strict";
  function labelStackedCells() {
    document.querySelectorAll(".stack-table table").forEach(function (table) {
      var heads = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) { return th.textContent.trim(); });
      table.querySelectorAll("tbody tr").forEach(function (tr) {
        Array.prototype.forEach.call(tr.children, function (td, i) { if (heads[i]) td.setAttribute("data-label", heads[i]); });
      });
      table.closest(".stack-table").classList.add("stack-table--labelled"); // not on the table: Material styles only table:not([class])
    });
  }
  function init() {
    labelStackedCells();
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (wrap) {
      if (wrap.scrollWidth > wrap.clientWidth && !wrap.hasAttribute("tabindex")) {
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", "可横向滚动的表格");
      }
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
