/* Accessibility: a table wider than the page scrolls inside Material's .md-typeset__scrollwrap;
   make such regions reachable by keyboard (axe: scrollable-region-focusable) and name them. */
(function () {
  "use strict";
  function init() {
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
