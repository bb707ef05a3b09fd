/* The 嵌入 control of record pages (genhe_plan/pages/embed.py): writes the <iframe> snippet with the
   card's full address (from the 预览卡片 link, which the browser resolves), and copies it. Works from
   file:// too (the address is then a file path, shown as it is). Never inserts data as HTML. */
(function () {
  "use strict";
  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("details.embed-snippet"), function (box) {
      var code = box.querySelector("textarea.embed-code");
      var card = box.querySelector("a[href*='embed/']");
      if (!code || !card) return;
      var src = card.href.replace(/index\.html$/, "");
      code.value = code.value.replace(/src="[^"]*"/, 'src="' + src.replace(/"/g, "%22") + '"');
      var copy = box.querySelector(".embed-copy");
      if (!copy) return;
      copy.addEventListener("click", function () {
        code.select();
        var done = function () { copy.textContent = "已复制"; };
        if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(code.value).then(done, function () {});
        else { try { document.execCommand("copy"); done(); } catch (e) { /* select() leaves it ready to copy */ } }
      });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
