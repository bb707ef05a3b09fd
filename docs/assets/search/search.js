/* Record-level search for the plan: the views of the engine (engine.js) — the header box, the search
 * page, and the page a result leads to (its record and matched words marked) — and the loader that
 * brings the index parts into the page.
 *
 * Index files are classic scripts calling genheSearchLoad(kind, n, data): they load from file:// too.
 * Every piece of data reaches the page through textContent / setAttribute, never as HTML.
 */
(function () {
  "use strict";

  var E = window.genheSearchEngine;
  var HEADER_RESULTS = 8;
  var PAGE_RESULTS = 20;

  var configEl = document.getElementById("__config");
  var base = new URL(((configEl && JSON.parse(configEl.textContent).base) || ".").replace(/\/?$/, "/"), location.href);

  // ------------------------------------------------------------------ loading the index parts
  var waiting = {};
  window.genheSearchLoad = function (kind, n, data) {
    var key = kind + n;
    (waiting[key] || []).forEach(function (w) { w[0](data); });
    delete waiting[key];
  };

  /** One index part by a <script> (fetch() does not work from file://): Promise of its data. */
  function fetchPart(kind, n) {
    var key = kind + n;
    return new Promise(function (resolve, reject) {
      if (waiting[key]) { waiting[key].push([resolve, reject]); return; }
      waiting[key] = [[resolve, reject]];
      var s = document.createElement("script");
      s.src = new URL("search/" + (kind === "meta" ? "meta.js" : kind + "/" + n + ".js"), base).href;
      s.async = true;
      s.onerror = function () {
        (waiting[key] || []).forEach(function (w) { w[1](new Error("无法加载 " + s.src)); });
        delete waiting[key];
        s.remove();
      };
      document.head.appendChild(s);
    });
  }

  var engine = E.create(fetchPart);

  // ------------------------------------------------------------------ links
  function htmlMode() {
    return location.protocol === "file:" || !!document.querySelector('a.md-nav__link[href$=".html"], a.md-tabs__link[href$=".html"]');
  }
  /** docs path (plan/ch05.md#t05-1-01) → the built page's URL (the table urls.site_url wrote into meta). */
  function urlFor(ref) { return new URL(E.urlFor(engine.meta(), ref, htmlMode()), base).href; }

  // ------------------------------------------------------------------ arriving from a result
  var MAX_TERMS = 8, MAX_TERM = 40;

  /** A result's link carries the words it matched (?h=…&h=…, before the #anchor), to mark them on arrival. */
  function withTerms(href, needles) {
    var u = new URL(href);
    needles.slice(0, MAX_TERMS).forEach(function (n) { u.searchParams.append("h", n); });
    return u.href;
  }

  /** The words a link carries: data, never markup; at most MAX_TERMS of MAX_TERM characters, two or more each. */
  function carriedTerms() {
    var terms = new URLSearchParams(location.search).getAll("h");
    return terms.map(function (t) { return t.slice(0, MAX_TERM); }).filter(function (t) { return t.trim().length >= 2; }).slice(0, MAX_TERMS);
  }

  /** The element the link's #anchor names, or the article. A heading stands for its whole section; an
      anchor without text of its own (a target's empty <span id>, put before its words in a list item)
      stands for the block that holds it. */
  function landedNodes() {
    var id = location.hash.slice(1), target = null;
    try { id = decodeURIComponent(id); } catch (e) { /* a malformed escape: the raw id */ }
    if (id) target = document.getElementById(id);
    if (target && !target.textContent.trim()) target = target.parentElement.closest("li, p, td, th, dd, dt, tr, blockquote, section, div, article");
    if (!target) target = document.querySelector(".md-content article");
    if (!target) return null;
    var nodes = [target], level = /^H([1-6])$/.exec(target.tagName);
    for (var n = target.nextElementSibling; level && n; n = n.nextElementSibling) {
      var l = /^H([1-6])$/.exec(n.tagName);
      if (l && +l[1] <= +level[1]) break;
      nodes.push(n);
    }
    return { target: target, nodes: nodes };
  }

  /** Mark every occurrence of the (normalised) needles in the text under root; returns the marks and
      notes in found[i] each needle that occurs. */
  function markTerms(root, needles, found) {
    var meta = engine.meta(), walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT), texts = [], marks = [];
    while (walker.nextNode()) texts.push(walker.currentNode);
    texts.forEach(function (node) {
      if (node.parentNode.closest("script, style, .gs-landing")) return;
      var runs = E.markedRuns(meta, node.data, needles);
      if (!runs.some(function (r) { return r[1]; })) return;
      var text = E.norm(meta, node.data);
      needles.forEach(function (n, i) { if (n && text.indexOf(n) >= 0) found[i] = true; });
      var frag = document.createDocumentFragment();
      runs.forEach(function (r) {
        if (!r[1]) { frag.appendChild(document.createTextNode(r[0])); return; }
        var m = el("mark", "gs-hit", r[0]);
        marks.push(m);
        frag.appendChild(m);
      });
      node.parentNode.replaceChild(frag, node);
    });
    return marks;
  }

  var SHOWN_TERMS = 3, SHOWN_TERM = 12;
  /** “噪声、饮用水” — the words found, each cut to SHOWN_TERM characters, at most SHOWN_TERMS of them
      (“等 5 个”): the bar repeats the page's own words, never a link's text at length. */
  function termList(found) {
    var shown = found.slice(0, SHOWN_TERMS).map(function (t) { var a = Array.from(t); return a.length > SHOWN_TERM ? a.slice(0, SHOWN_TERM - 1).join("") + "…" : t; });
    return shown.join("、") + (found.length > SHOWN_TERMS ? " 等 " + found.length + " 个" : "");
  }

  /** Where the bar goes: into the flow of the text, so it covers nothing however the page scrolls — the
      first line of a landed list item or cell, else just before the landed block. */
  function placeBar(bar, landed) {
    var t = landed.target;
    if (/^(LI|TD|TH|DD|ARTICLE|SECTION|BLOCKQUOTE)$/.test(t.tagName)) t.insertBefore(bar, t.firstChild);
    else t.parentNode.insertBefore(bar, t);
  }

  /** The bar that says which words are marked and takes the marks away (and ?h=… from the address). */
  function landingBar(found, landed, marks) {
    var bar = el("div", "gs-landing"), button = el("button", "gs-landing-clear", "清除标记");
    bar.setAttribute("role", "region");
    bar.setAttribute("aria-label", "搜索标记");
    bar.appendChild(el("span", "gs-landing-terms", "已标出搜索词：" + termList(found)));
    button.type = "button";
    button.addEventListener("click", function () {
      marks.forEach(function (m) { m.replaceWith(document.createTextNode(m.textContent)); });
      landed.nodes.forEach(function (n) { n.normalize(); });
      landed.target.classList.remove("gs-landed");
      landed.nodes.slice(1).forEach(function (n) { n.classList.remove("gs-landed-part"); });
      bar.remove();
      var u = new URL(location.href);
      u.searchParams.delete("h");
      history.replaceState(null, "", u.href);
    });
    bar.appendChild(button);
    return bar;
  }

  /** Whether a mark is drawn (not in a closed <details>, a hidden block). */
  function shown(m) { return m.checkVisibility ? m.checkVisibility({ visibilityProperty: true }) : m.getClientRects().length > 0; }

  /** On a page reached from a result: mark the record and its matched words, say which words were found
      (only those: a link's other words are not repeated), and bring the record and its first mark into view. */
  function arrival() {
    var terms = carriedTerms();
    if (!terms.length) return;
    engine.load("meta", 0).then(function () {
      var landed = landedNodes(), needles = terms.map(function (t) { return E.norm(engine.meta(), t); }), marks = [], found = [];
      if (!landed) return;
      landed.nodes.forEach(function (n) { marks = marks.concat(markTerms(n, needles, found)); });
      landed.target.classList.add("gs-landed");
      landed.nodes.slice(1).forEach(function (n) { n.classList.add("gs-landed-part"); });
      var words = terms.filter(function (t, i) { return found[i]; }), top = landed.target;
      if (marks.length && words.length) {
        var bar = landingBar(words, landed, marks);
        placeBar(bar, landed);
        if (bar.parentNode !== landed.target) top = bar;
      }
      top.scrollIntoView({ block: "start" });
      var first = marks.filter(shown)[0], box = first && first.getBoundingClientRect();
      if (box && box.bottom > window.innerHeight) first.scrollIntoView({ block: "center" });
    }).catch(function () { /* no index: the page stays as it is */ });
  }

  // ------------------------------------------------------------------ rendering (text only)
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }

  /** Append text to parent with every occurrence of the needles marked. */
  function marked(parent, text, needles) {
    E.markedRuns(engine.meta(), text, needles).forEach(function (run) {
      parent.appendChild(run[1] ? el("mark", null, run[0]) : document.createTextNode(run[0]));
    });
  }

  function resultItem(hit, row, id) {
    var meta = engine.meta(), type = row[3], typeLabel = meta.types.filter(function (t) { return t[0] === type; })[0][1];
    var li = el("li", "md-search-result__item gs-item");
    var a = el("a", "md-search-result__link gs-link");
    a.setAttribute("href", withTerms(urlFor(row[2]), hit.needles));
    if (id) a.id = id;
    var art = el("article", "md-search-result__article gs-article");
    var info = el("div", "gs-meta");
    info.appendChild(el("span", "gs-type gs-type-" + type, typeLabel));
    if (row[4]) info.appendChild(el("span", "gs-chapter", row[4]));
    if (row[5]) info.appendChild(el("span", "gs-dept", "牵头：" + row[5]));
    if (row[6]) info.appendChild(el("span", "gs-deadline", "期限：" + row[6]));
    if (row[7]) {  // the record's state, from the status model (genhe_plan/progress/status.py), as on its page
      var mark = el("span", "status status-" + row[7][1], row[7][3]);
      mark.dataset.item = row[7][0]; mark.dataset.state = row[7][1]; mark.dataset.basis = row[7][2];
      info.appendChild(mark);
    }
    art.appendChild(info);
    var title = el("div", "gs-title");
    marked(title, row[0], hit.needles);
    art.appendChild(title);
    if (row[1]) {
      var snip = el("p", "gs-snippet");
      marked(snip, E.sentence(meta, row[1], hit.needles), hit.needles);
      art.appendChild(snip);
    }
    a.appendChild(art);
    li.appendChild(a);
    return li;
  }

  /** The summary of the results (E.summary) into el, with “是不是要找：满归镇” as a link to that search
      when the query missed a name by one character. */
  function showStatus(target, res) {
    target.textContent = "";
    if (res.suggest) {
      var p = el("span", "gs-suggest", "是不是要找：");
      var a = el("a", null, res.suggest);
      a.setAttribute("href", searchPageUrl(res.suggest));
      p.appendChild(a);
      p.appendChild(document.createTextNode("？下面先列出它的结果。"));
      target.appendChild(p);
      target.appendChild(document.createTextNode(" "));
    }
    target.appendChild(document.createTextNode(E.summary(res)));
    // A first result that rests on little (res.weak): the chapters it offers, each a link to this search in that chapter.
    ((res.weak && res.weak.chapters) || []).forEach(function (c) {
      var a = el("a", "gs-chapter", c[1]);
      a.setAttribute("href", searchPageUrl(res.q) + "&ch=" + encodeURIComponent(c[0]));
      target.appendChild(document.createTextNode(" "));
      target.appendChild(a);
    });
    if (!HAN.test(res.q || "") && !holdsAll(res)) target.appendChild(chineseOnly());
  }

  var HAN = /\p{Script=Han}/u;
  /** Whether the first result holds the whole query as typed (not a part of it, a synonym or a near spelling). */
  function holdsAll(res) { return !!(res.hits.length && E.howMatched(res.hits[0], res.q) === "whole"); }

  /** Said to a query without a Chinese character that found nothing whole (forest fire, senlin): the plan is
      searched in its own words, and its chapters are the topics to start from. */
  function chineseOnly() {
    var box = el("span", "gs-chinese-only"), list = el("span", "gs-topics");
    box.appendChild(el("span", null, "规划只有中文原文，搜索按中文进行：英文或拼音找不到内容（原文中的字母和数字，如 PM2.5、12369，可以搜）。请输入中文词句，或按主题查看各章："));
    engine.meta().chapters.forEach(function (c) {
      var a = el("a", "gs-topic", c[1]);
      a.setAttribute("href", urlFor("plan/" + c[0] + ".md"));
      list.appendChild(a);
    });
    box.appendChild(list);
    return box;
  }
  function searchPageUrl(q) { return urlFor("search.md") + (q ? "?q=" + encodeURIComponent(q) : ""); }

  // ------------------------------------------------------------------ header box
  /** ↑ ↓ move between the input and the result links, Esc closes: on the form (from) and the results. */
  function arrowKeys(input, links, close, fromInput) {
    return function (e) {
      var ls = links(), at = ls.indexOf(document.activeElement);
      if (e.key === "ArrowDown" && (fromInput ? ls.length : at >= 0)) { e.preventDefault(); ls[Math.min(at + 1, ls.length - 1)].focus(); }
      else if (e.key === "ArrowUp" && at >= 0) { e.preventDefault(); (at === 0 ? input : ls[at - 1]).focus(); }
      else if (e.key === "Escape") { e.preventDefault(); close(); if (fromInput) input.blur(); else input.focus(); }
    };
  }

  function header() {
    var input = document.getElementById("gs-header-q");
    if (!input) return;
    var toggle = document.getElementById("__search"), meta = document.getElementById("gs-header-meta");
    var list = document.getElementById("gs-header-list"), more = document.getElementById("gs-header-all");
    var form = document.getElementById("gs-header-form"), generation = 0, last = null;
    var pageUrl = searchPageUrl;
    function open() { if (toggle && !toggle.checked) toggle.checked = true; }
    function close() { if (toggle) toggle.checked = false; }
    function links() { return Array.from(list.querySelectorAll("a.gs-link")).concat(more.hidden ? [] : [more]); }
    function run() {
      var q = input.value, mine = ++generation;
      last = null;
      if (!q.trim()) { list.textContent = ""; meta.textContent = "输入搜索词（至少两个字）"; more.hidden = true; return Promise.resolve(); }
      return engine.search(q, {}).then(function (res) {
        var top = res.hits.slice(0, HEADER_RESULTS);
        return engine.rows(top).then(function (rs) {
          if (mine !== generation) return;
          last = res;
          list.textContent = "";
          top.forEach(function (h, i) { list.appendChild(resultItem(h, rs[i])); });
          showStatus(meta, res);
          more.hidden = res.hits.length <= HEADER_RESULTS;
          more.textContent = "查看全部 " + res.hits.length + " 条结果";
          more.setAttribute("href", pageUrl(q));
          document.documentElement.dataset.gsQuery = q;
        });
      }).catch(function (err) { meta.textContent = "搜索出错：" + err.message; });
    }
    input.addEventListener("focus", function () { open(); engine.load("meta", 0).catch(function () {}); });
    input.addEventListener("input", run);
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      // Enter opens the first result only when it holds the whole query; else the search page lists them all
      run().then(function () {
        var first = list.querySelector("a.gs-link");
        location.href = first && last && holdsAll(last) ? first.href : pageUrl(input.value);
      });
    });
    // Focus leaving the box and its results (Tab, Shift+Tab, a click on another control) closes them: an
    // open panel would cover the page the focus has moved to. A click on the panel's own text keeps it open.
    var dialog = form.closest(".md-search");
    dialog.addEventListener("focusout", function (e) {
      if (e.relatedTarget && !dialog.contains(e.relatedTarget) && !e.relatedTarget.closest('[for="__search"], [data-toggle="__search"]')) close();
    });
    form.addEventListener("keydown", arrowKeys(input, links, close, true));
    list.parentNode.addEventListener("keydown", arrowKeys(input, links, close, false));
    if (toggle) toggle.addEventListener("change", function () { if (toggle.checked) input.focus(); });
    document.addEventListener("keydown", function (e) {
      var t = e.target, typing = t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
      if (!typing && (e.key === "/" || e.key === "s") && !e.ctrlKey && !e.metaKey && !e.altKey) { e.preventDefault(); open(); input.focus(); }
    });
  }

  // ------------------------------------------------------------------ search page
  var FILTERS = ["type", "ch", "dept", "year"];
  function filterState() {
    var f = {};
    FILTERS.forEach(function (k) { f[k] = document.getElementById("gs-" + k).value; });
    return f;
  }

  /** The query and filters into the address (history.replaceState), so a filtered search is a link. */
  function remember(q) {
    var p = new URLSearchParams(), f = filterState();
    if (q) p.set("q", q);
    FILTERS.forEach(function (k) { if (f[k]) p.set(k, f[k]); });
    var qs = p.toString();
    history.replaceState(null, "", location.pathname + (qs ? "?" + qs : "") + location.hash);
  }

  function page() {
    var form = document.getElementById("gs-form");
    if (!form) return;
    var input = document.getElementById("gs-q"), status = document.getElementById("gs-status");
    var list = document.getElementById("gs-results"), more = document.getElementById("gs-more");
    var shown = 0, current = null, generation = 0;
    var params = new URLSearchParams(location.search);
    input.value = params.get("q") || "";
    FILTERS.forEach(function (f) {
      var sel = document.getElementById("gs-" + f), v = params.get(f) || "";
      if (Array.from(sel.options).some(function (o) { return o.value === v; })) sel.value = v;
    });
    // The filters fold away on a phone when there are results to show; open on a wide screen, before a
    // query is typed, and when the address sets a filter.
    var folded = document.getElementById("gs-filters");
    if (folded) folded.open = window.matchMedia("(min-width: 45em)").matches || !input.value.trim() || FILTERS.some(function (f) { return !!params.get(f); });
    function showMore() {
      var next = current.hits.slice(shown, shown + PAGE_RESULTS), mine = generation;
      return engine.rows(next).then(function (rs) {
        if (mine !== generation) return;
        next.forEach(function (h, i) { list.appendChild(resultItem(h, rs[i])); });
        shown += next.length;
        more.hidden = shown >= current.hits.length;
      });
    }
    function run() {
      remember(input.value);
      var mine = ++generation;
      if (!input.value.trim()) { list.textContent = ""; status.textContent = "输入搜索词开始搜索。"; more.hidden = true; return Promise.resolve(); }
      return engine.search(input.value, filterState()).then(function (res) {
        if (mine !== generation) return;
        current = res;
        shown = 0;
        list.textContent = "";
        showStatus(status, res);
        return showMore();
      }).catch(function (err) { status.textContent = "搜索出错：" + err.message; });
    }
    form.addEventListener("submit", function (e) { e.preventDefault(); run(); });
    input.addEventListener("input", run);
    FILTERS.forEach(function (f) { document.getElementById("gs-" + f).addEventListener("change", run); });
    more.addEventListener("click", showMore);
    run();
  }

  window.genheSearch = { search: engine.search, rows: engine.rows, norm: engine.norm, urlFor: urlFor };
  function start() { header(); page(); arrival(); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
