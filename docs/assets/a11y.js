/* Accessibility: a table wider than the page scrolls inside Material's .md-typeset__scrollwrap;
   make such regions reachable by keyboard (axe: scrollable-region-focusable) and name them.
   Tables inside .stack-table (pages.html.stacked_table: a department's task lists, the 进展 page's
   overdue list), and any other table of four columns or more or too wide for its box, are shown row by
   row on a phone (site.css);
   each cell gets its column's heading as data-label, which the stylesheet prints before it.
   Landmarks get unique names; the phone's menu and search buttons work by keyboard. */
(function () {
  "use strict";
  function labelCells(table, box) {
    var heads = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) { return th.textContent.trim(); });
    table.querySelectorAll("tbody tr").forEach(function (tr) {
      Array.prototype.forEach.call(tr.children, function (td, i) { if (heads[i]) td.setAttribute("data-label", heads[i]); });
    });
    box.classList.add("stack-table--labelled"); // not on the table: Material styles only table:not([class])
  }
  // Every other table of the text is stacked on a phone too when it has STACK_FROM columns or more, or
  // does not fit its box as first drawn: the page never needs reading sideways (tests/test_keyboard.py).
  var STACK_FROM = 4;
  function labelStackedCells() {
    document.querySelectorAll(".stack-table table").forEach(function (table) { labelCells(table, table.closest(".stack-table")); });
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (wrap) {
      var table = wrap.querySelector("table");
      if (!table || wrap.closest(".stack-table") || !table.querySelector("thead th")) return;
      if (table.rows[0].cells.length >= STACK_FROM || wrap.scrollWidth > wrap.clientWidth + 1) labelCells(table, wrap);
    });
  }
  // the heading a table sits under, for naming its scroll region ("可横向滚动的表格：数据字典")
  function headingBefore(el) {
    var heads = document.querySelectorAll("article h1, article h2, article h3"), found = null;
    Array.prototype.forEach.call(heads, function (h) {
      if (h.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING) found = h;
    });
    return found ? found.textContent.replace(/[¶#]\s*$/, "").trim() : "";
  }
  function labelScrollRegions() {
    var used = {};
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (wrap) {
      if (wrap.scrollWidth > wrap.clientWidth && !wrap.hasAttribute("tabindex")) {
        var name = "可横向滚动的表格" + (headingBefore(wrap) ? "：" + headingBefore(wrap) : "");
        used[name] = (used[name] || 0) + 1;
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", name + (used[name] > 1 ? "（" + used[name] + "）" : ""));
      }
    });
  }
  // Material (navigation.indexes) labels a section's sub-list by its expand button, which holds only an
  // icon: every such list was an unnamed navigation landmark. Name both after the section's link.
  function nameNavSections() {
    document.querySelectorAll(".md-nav__container").forEach(function (box) {
      var a = box.querySelector("a"), toggle = box.querySelector("label[for]");
      if (!a || !toggle || toggle.textContent.trim()) return;
      var name = a.textContent.trim(), nav = document.querySelector("nav[aria-labelledby='" + toggle.id + "']");
      toggle.setAttribute("aria-label", "展开“" + name + "”");
      if (nav) { nav.removeAttribute("aria-labelledby"); nav.setAttribute("aria-label", name); }
    });
  }
  // The header's phone buttons (menu, search) are labels for Material's hidden #__drawer / #__search
  // checkboxes: a tap works, a key does not reach them. Each becomes a real button that ticks its box
  // (which Material and search.js watch); an opened drawer takes the focus. Without script the labels stay.
  var TOGGLE_NAMES = { __drawer: "导航菜单", __search: "搜索" };
  function headerButtons() {
    document.querySelectorAll(".md-header label.md-header__button[for]").forEach(function (label) {
      var box = document.getElementById(label.htmlFor), button = document.createElement("button");
      if (!box || !TOGGLE_NAMES[box.id]) return;
      button.type = "button";
      button.className = label.className;
      button.setAttribute("data-toggle", box.id);  // site.css hides it where Material hides the label
      button.innerHTML = label.innerHTML;  // Material's icon (its own markup, no data)
      button.setAttribute("aria-label", TOGGLE_NAMES[box.id]);
      button.setAttribute("aria-expanded", String(box.checked));
      box.addEventListener("change", function () { button.setAttribute("aria-expanded", String(box.checked)); });
      button.addEventListener("click", function () {
        box.click();
        var first = box.checked && box.id === "__drawer" && document.querySelector(".md-sidebar--primary a[href]");
        if (first) setTimeout(function () { first.focus(); }, 30);
      });
      label.replaceWith(button);
    });
  }
  function init() {
    labelStackedCells();
    labelScrollRegions();
    nameNavSections();
    headerButtons();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
