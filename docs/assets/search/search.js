/* Record-level search for the plan: the engine and its two views, the header box and the search page.
 *
 * Engine: a query matches a record when the record's normalised text contains it (containment),
 * decided from the positions of consecutive character bigrams in the postings shards
 * (genhe_plan/search/index.py writes them; normalise.py defines the normalisation repeated here).
 * Ranking: whole-query matches (query, errata and synonym variants) above all-terms matches above
 * partial (bigram overlap) matches; within a tier a match in the record's name beats one in its body.
 * Index files are classic scripts calling genheSearchLoad(kind, n, data): they load from file:// too.
 * Every piece of data reaches the page through textContent / setAttribute, never as HTML.
 */
(function () {
  "use strict";

  // Tie-breaks between record types: for a match in the name, and for a match in the body only (a
  // department's remit and a place's aliases are editorial text, so their body matches count least).
  var NAME_WEIGHT = { indicator: 60, department: 55, place: 55, project: 50, task: 50, section: 40, target: 30, paragraph: 10 };
  var BODY_WEIGHT = { task: 50, project: 45, paragraph: 30, target: 25, indicator: 20, section: 0, department: 5, place: 5 };
  var ASKED_BONUS = 40; // a record of the kind the question asks for (askedFor): enough to win a near tie only
  var HEADER_RESULTS = 8;
  var PAGE_RESULTS = 20;

  var configEl = document.getElementById("__config");
  var base = new URL(((configEl && JSON.parse(configEl.textContent).base) || ".").replace(/\/?$/, "/"), location.href);
  var store = { meta: null, p: {}, r: {} };
  var waiting = {};

  window.genheSearchLoad = function (kind, n, data) {
    if (kind === "meta") store.meta = data;
    else store[kind][n] = data;
    var key = kind + n;
    (waiting[key] || []).forEach(function (w) { w[0](); });
    delete waiting[key];
  };

  function load(kind, n) {
    var have = kind === "meta" ? store.meta : store[kind][n];
    if (have) return Promise.resolve();
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

  // ------------------------------------------------------------------ normalisation (= normalise.py)
  /** text → {s: normalised string, map: for each UTF-16 unit of s, the index of its source in text}. */
  function normMap(text) {
    var meta = store.meta, out = "", map = [], i = 0;
    for (var ch of text) {
      var n = ch.normalize("NFKC").toLowerCase();
      for (var c of n) {
        if (meta.drop.indexOf(c) >= 0) continue;
        out += c;
        for (var k = 0; k < c.length; k++) map.push(i);
      }
      i += ch.length;
    }
    meta.rules.forEach(function (r) { out = out.split(r[0]).join(r[1]); });
    return { s: out, map: map };
  }
  function norm(text) { return normMap(text).s; }

  function shardOf(bigram, n) {
    var h = 0x811c9dc5;
    for (var i = 0; i < bigram.length; i++) {
      h ^= bigram.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h % n;
  }

  function bigramsOf(s) {
    var a = Array.from(s), out = [];
    for (var i = 0; i + 1 < a.length; i++) out.push(a[i] + a[i + 1]);
    return out;
  }

  // ------------------------------------------------------------------ query analysis
  /** The query without the question words people add (是多少, 怎么, 哪些 …). */
  function withoutQuestionWords(q) {
    var out = q;
    store.meta.stop.forEach(function (w) { out = out.split(norm(w)).join(""); });
    return out;
  }

  /** The pieces of a question between its question words and particles (满归镇的垃圾怎么处理 →
      满归镇, 垃圾, 处理); pieces of one character are dropped. */
  function piecesOf(q) {
    var out = q;
    store.meta.stop.concat(store.meta.particles).forEach(function (w) { out = out.split(norm(w)).join("\u0000"); });
    return out.split("\u0000").filter(function (p) { return Array.from(p).length >= 2; });
  }

  /** What a query asks, worked out once per search: ``q`` normalised; ``bare`` without question words;
      ``stripped`` = bare, or q when that leaves less than two characters; its ``pieces``; its
      ``topics`` (the pieces without those that only name a kind of record: 目标, 指标, 任务 …, see
      askedFor); the ``typed`` terms when it has spaces. */
  function analyse(raw) {
    var q = norm(raw || ""), bare = withoutQuestionWords(q), pieces = piecesOf(q), kinds = store.meta.kinds;
    var topics = pieces.filter(function (p) { return !kinds.hasOwnProperty(p); });
    return {
      q: q,
      bare: bare,
      stripped: Array.from(bare).length >= 2 ? bare : q,
      pieces: pieces,
      topics: topics.length ? topics : pieces,
      spaced: /\s/.test((raw || "").trim()),
      typed: (raw || "").split(/\s+/).map(norm).filter(function (t) { return Array.from(t).length >= 2; }),
    };
  }

  /** The pieces of a question, each that the plan never writes as it stands cut at the one-character
      words that join words (企业要公开 → 企业, 公开; 保护和修复 → 保护, 修复; meta.joiners). Why only
      such pieces: the same characters occur inside the plan's own terms (主要, 碳中和, 存在), which
      the plan does write as they stand and are never cut. */
  function wordsOf(pieces) {
    var joiners = store.meta.joiners, out = [];
    pieces.forEach(function (p) {
      if (Array.from(p).length < 4 || occurrences(p).size) { out.push(p); return; }
      var cut = p;
      joiners.forEach(function (j) { cut = cut.split(j).join("\u0000"); });
      cut.split("\u0000").forEach(function (w) { if (Array.from(w).length >= 2) out.push(w); });
    });
    return out.length ? out : pieces;
  }

  /** Map of search strings → weight: the query, without question words, errata and synonym variants.
      Why the lower weight for a question in several pieces: taking out a question word from its
      middle joins words the user did not write together (危险废物在哪里处置 → 危险废物处置, as in
      “危险废物处置场”), so such a string found verbatim must not outrank a record that has each piece. */
  function variants(a) {
    var meta = store.meta, out = new Map(), q = a.q, stripped = a.bare, joined = a.pieces.length > 1 ? 0.6 : 1;
    var topic = a.topics.length === 1 ? a.topics[0] : null; // 森林蓄积量的目标 → 森林蓄积量 (a target is asked for)
    function add(s, w) { if (Array.from(s).length >= 2 && !(out.get(s) >= w)) out.set(s, w); }
    add(q, 1);
    add(stripped, 0.97 * (stripped === q ? 1 : joined));
    if (topic) add(topic, 0.95);
    [q, stripped].concat(topic ? [topic] : []).forEach(function (b) {
      var k = b === q ? 1 : b === topic ? 0.95 : joined;
      meta.errata.forEach(function (e) {
        var a = norm(e[0]);
        if (b.indexOf(a) >= 0) add(b.split(a).join(norm(e[1])), 0.98 * k);
      });
      meta.syn.forEach(function (syn) {
        var t = norm(syn[0]);
        if (b.indexOf(t) >= 0) syn[1].forEach(function (p) { add(b.split(t).join(norm(p)), 0.9 * k); });
      });
    });
    return out;
  }

  // ------------------------------------------------------------------ postings
  var decoded = new Map();
  function postingsOf(bg) {
    if (decoded.has(bg)) return decoded.get(bg);
    var shard = store.p[shardOf(bg, store.meta.shards)], flat = shard && shard[bg], m = new Map();
    if (flat) {
      for (var i = 0, r = 0; i < flat.length; i += 2) {
        r += flat[i];
        var ps = m.get(r);
        if (!ps) m.set(r, (ps = []));
        ps.push(flat[i + 1]);
      }
    }
    decoded.set(bg, m);
    return m;
  }

  /** Records whose text contains s (≥ 2 characters): Map record → start positions. */
  function occurrences(s) {
    var bgs = bigramsOf(s), cur = null;
    for (var k = 0; k < bgs.length; k++) {
      var m = postingsOf(bgs[k]);
      if (cur === null) {
        cur = new Map();
        m.forEach(function (ps, r) { cur.set(r, ps.slice()); });
        continue;
      }
      var next = new Map();
      cur.forEach(function (ps, r) {
        var qs = m.get(r);
        if (!qs) return;
        var have = new Set(qs), keep = ps.filter(function (p) { return have.has(p + k); });
        if (keep.length) next.set(r, keep);
      });
      cur = next;
      if (!cur.size) break;
    }
    return cur || new Map();
  }

  // ------------------------------------------------------------------ search
  function passes(r, f) {
    var meta = store.meta;
    if (f.type && meta.types[meta.ty[r]][0] !== f.type) return false;
    if (f.ch && (meta.ch[r] < 0 || meta.chapters[meta.ch[r]][0] !== f.ch)) return false;
    if (f.dept && (meta.dp[r] < 0 || meta.depts[meta.dp[r]][0] !== f.dept)) return false;
    if (f.year && meta.yr[r].indexOf(+f.year) < 0) return false;
    return true;
  }

  /** raw query + filters → Promise of {q, hits: [{r, score, tier, needles}]} best first. */
  function search(raw, filters) {
    return load("meta", 0).then(function () {
      var meta = store.meta, a = analyse(raw), q = a.q;
      if (Array.from(q).length < 2) return { q: q, hits: [], short: true };
      var alts = variants(a);
      var terms = a.typed.length > 1 ? a.typed : a.topics; // a question without spaces: its pieces are its terms
      var need = new Set();
      alts.forEach(function (_, a) { bigramsOf(a).forEach(function (b) { need.add(shardOf(b, meta.shards)); }); });
      terms.forEach(function (t) { bigramsOf(t).forEach(function (b) { need.add(shardOf(b, meta.shards)); }); });
      return Promise.all(Array.from(need).map(function (n) { return load("p", n); })).then(function () {
        if (terms.length > 1 && !a.spaced) terms = wordsOf(terms);
        return { q: q, hits: rank(a, alts, terms, filters || {}) };
      });
    });
  }

  /** Record types a question asks for, as a test of a record number: by its question words (什么时候 →
      a target with a deadline; 多少 → a target or an indicator) or by a piece that names a kind (的目标). */
  function askedFor(a) {
    var meta = store.meta, asks = function (kind) { return meta.asking[kind].some(function (w) { return a.q.indexOf(norm(w)) >= 0; }); };
    var when = asks("when"), amount = asks("amount"), named = {};
    a.pieces.forEach(function (p) { if (meta.kinds.hasOwnProperty(p)) named[meta.kinds[p]] = true; });
    return function (r) {
      var type = meta.types[meta.ty[r]][0];
      return (when && type === "target" && meta.yr[r].length > 0) || (amount && (type === "target" || type === "indicator")) || !!named[type];
    };
  }

  /** Whether one of the positions ``ps`` of a string of ``len`` characters lies in record r's name. */
  function inName(ps, len, r) {
    var nl = store.meta.nl[r];
    return ps.some(function (p) { return p + len <= nl; });
  }

  function rank(a, alts, terms, filters) {
    var meta = store.meta, best = new Map(), asked = askedFor(a), stripped = a.stripped;
    function offer(r, score, tier, needles) {
      if (!passes(r, filters)) return;
      if (asked(r)) score += ASKED_BONUS;
      var had = best.get(r);
      if (!had || had.score < score) best.set(r, { r: r, score: score, tier: tier, needles: needles });
    }
    var typeName = function (r) { return meta.types[meta.ty[r]][0]; };
    alts.forEach(function (w, alt) {
      var len = Array.from(alt).length;
      occurrences(alt).forEach(function (ps, r) {
        var nl = meta.nl[r], s = 1000 * w + meta.adj[r] + Math.min(ps.length, 5) * 4;
        if (inName(ps, len, r)) s += NAME_WEIGHT[typeName(r)] + 300 + (len === nl ? 300 : 0) + Math.round((100 * len) / nl);
        else s += BODY_WEIGHT[typeName(r)];
        offer(r, s, 3, [alt]);
      });
    });
    // Weighted share of the query's bigrams (without question words) each record has, overall and in its name.
    // Why not read it back from alts: an errata variant can outrank it there (教鲁古雅在哪里)
    var shares = bigramShares(stripped), sets = terms.length > 1 ? terms.map(occurrences) : [];
    /** Records holding every one of ``words`` (``found``: their occurrences), or with ``nameOnly`` every
        one in the name: the name's share of the query breaks ties, and a short name they fill ranks first. */
    function offerHoldingAll(words, found, base, nameOnly) {
      var chars = words.reduce(function (n, t) { return n + Array.from(t).length; }, 0);
      found[0].forEach(function (_, r) {
        if (!found.every(function (m) { return m.has(r); })) return;
        var named = words.every(function (t, i) { return inName(found[i].get(r), Array.from(t).length, r); });
        if (nameOnly && !named) return;
        var bonus = Math.round(100 * shares.get(r).name + (named ? (100 * chars) / meta.nl[r] : 0));
        offer(r, base + meta.adj[r] + bonus + (named ? 150 + NAME_WEIGHT[typeName(r)] : BODY_WEIGHT[typeName(r)]), 2, words);
      });
    }
    if (sets.length) offerHoldingAll(terms, sets, 700, false); // every term (or piece of the question)
    // A query of one piece, 4 or 6 characters: most such Chinese terms are two or three two-character
    // words (湿地保护 = 湿地 + 保护). A record whose name has every word, though not side by side
    // (加强森林、湿地生态系统保护与修复), ranks below the whole term and above partial matches.
    var chars = Array.from(stripped);
    if (terms.length < 2 && (chars.length === 4 || chars.length === 6)) {
      var words = [];
      for (var i = 0; i < chars.length; i += 2) words.push(chars[i] + chars[i + 1]);
      offerHoldingAll(words, words.map(occurrences), 500, true);
    }
    // Partial: enough of the query's bigrams, and of its pieces whole
    var seq = bigramsOf(stripped), pieces = pieceCover(terms, sets);
    shares.forEach(function (g, r) {
      var cover = pieces.get(r) || { all: 0, name: 0 };
      if (g.all < 0.3 || best.has(r)) return;
      var run = Math.min(longestRun(seq, r), 7);
      var s = 250 * g.all + 150 * g.name + 35 * run + 200 * cover.all + 100 * cover.name;
      offer(r, Math.round(s + meta.adj[r] / 2 + BODY_WEIGHT[typeName(r)] / 2), 1, g.bgs);
    });
    return Array.from(best.values()).sort(function (x, y) { return y.score - x.score || x.r - y.r; });
  }

  /** record → {all, name, bgs}: the idf-weighted share of the bigrams of ``s`` the record has, the
      share it has in its name, and those bigrams. A pair no record has (question words, typos) says
      nothing about any record and is left out. */
  function bigramShares(s) {
    var meta = store.meta, total = 0, out = new Map();
    Array.from(new Set(bigramsOf(s))).forEach(function (bg) {
      var m = postingsOf(bg);
      if (!m.size) return;
      var idf = Math.log(1 + meta.n / m.size);
      total += idf;
      m.forEach(function (ps, r) {
        var g = out.get(r) || { all: 0, name: 0, bgs: [] };
        g.all += idf;
        if (inName(ps, 2, r)) g.name += idf;
        g.bgs.push(bg);
        out.set(r, g);
      });
    });
    out.forEach(function (g) { g.all /= total; g.name /= total; });
    return out;
  }

  /** For a question in several pieces (``terms``, ``sets`` their occurrences): record → the share of the pieces it holds whole,
      each piece weighted by how rare and how long it is (满归镇 counts more than 处理), overall and in
      its name.
      Why: a record that names the place or thing asked about answers better than one that shares more
      of the common words. */
  function pieceCover(terms, sets) {
    var meta = store.meta, out = new Map(), total = 0;
    if (terms.length < 2) return out;
    terms.forEach(function (t, i) {
      var found = sets[i], len = Array.from(t).length, w = (len - 1) * Math.log(1 + meta.n / (found.size || 1));
      total += w;
      found.forEach(function (ps, r) {
        var c = out.get(r) || { all: 0, name: 0 };
        c.all += w;
        if (inName(ps, len, r)) c.name += w;
        out.set(r, c);
      });
    });
    out.forEach(function (c) { c.all /= total; c.name /= total; });
    return out;
  }

  /** Longest stretch of the query's bigrams the record has at consecutive positions (a shared phrase). */
  function longestRun(seq, r) {
    var best = 0, prev = new Map();
    seq.forEach(function (bg) {
      var cur = new Map();
      (postingsOf(bg).get(r) || []).forEach(function (p) {
        var n = (prev.get(p - 1) || 0) + 1;
        cur.set(p, n);
        if (n > best) best = n;
      });
      prev = cur;
    });
    return best;
  }

  /** The rows ([label, text, url, type, chapter, dept, deadline]) of the given hits, loaded on demand. */
  function rows(hits) {
    var per = store.meta.per, need = new Set(hits.map(function (h) { return Math.floor(h.r / per); }));
    return Promise.all(Array.from(need).map(function (n) { return load("r", n); })).then(function () {
      return hits.map(function (h) { return store.r[Math.floor(h.r / per)][h.r % per]; });
    });
  }

  // ------------------------------------------------------------------ links
  function htmlMode() {
    return location.protocol === "file:" || !!document.querySelector('a.md-nav__link[href$=".html"], a.md-tabs__link[href$=".html"]');
  }
  /** docs path (plan/ch05.md#t05-1-01) → the built page's URL (same rules as urls.html_path). */
  function urlFor(ref) {
    var parts = ref.split("#"), stem = parts[0].replace(/\.md$/, ""), path;
    if (htmlMode()) path = stem + ".html";
    else if (stem === "index") path = "";
    else if (/\/index$/.test(stem)) path = stem.slice(0, -5);
    else path = stem + "/";
    return new URL(path + (parts[1] ? "#" + parts[1] : ""), base).href;
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
    var nm = normMap(text), marks = new Uint8Array(text.length);
    needles.forEach(function (n) {
      if (!n) return;
      for (var at = nm.s.indexOf(n); at >= 0; at = nm.s.indexOf(n, at + 1)) {
        var from = nm.map[at], last = nm.map[at + n.length - 1];
        var to = last + (text.codePointAt(last) > 0xffff ? 2 : 1);
        for (var i = from; i < to; i++) marks[i] = 1;
      }
    });
    for (var i = 0; i < text.length; ) {
      var j = i;
      while (j < text.length && marks[j] === marks[i]) j++;
      parent.appendChild(marks[i] ? el("mark", null, text.slice(i, j)) : document.createTextNode(text.slice(i, j)));
      i = j;
    }
    return marks;
  }

  /** The sentence of text holding the first marked character (or the opening), at most ~90 characters. */
  function sentence(text, needles) {
    var nm = normMap(text), first = -1;
    needles.forEach(function (n) {
      var at = n ? nm.s.indexOf(n) : -1;
      if (at >= 0 && (first < 0 || nm.map[at] < first)) first = nm.map[at];
    });
    if (first < 0) first = 0;
    var stops = /[。；！？\n]/, start = first, end = first;
    while (start > 0 && !stops.test(text[start - 1])) start--;
    while (end < text.length && !stops.test(text[end])) end++;
    if (end < text.length) end++;
    var pre = "", post = "";
    if (first - start > 40) { start = first - 30; pre = "…"; }
    if (end - start > 90) { end = start + 90; post = "…"; }
    return pre + text.slice(start, end).replace(/\n/g, " ") + post;
  }

  function resultItem(hit, row, id) {
    var meta = store.meta, type = row[3], typeLabel = meta.types.filter(function (t) { return t[0] === type; })[0][1];
    var li = el("li", "md-search-result__item gs-item");
    var a = el("a", "md-search-result__link gs-link");
    a.setAttribute("href", urlFor(row[2]));
    if (id) a.id = id;
    var art = el("article", "md-search-result__article gs-article");
    var info = el("div", "gs-meta");
    info.appendChild(el("span", "gs-type gs-type-" + type, typeLabel));
    if (row[4]) info.appendChild(el("span", "gs-chapter", row[4]));
    if (row[5]) info.appendChild(el("span", "gs-dept", "牵头：" + row[5]));
    if (row[6]) info.appendChild(el("span", "gs-deadline", "期限：" + row[6]));
    art.appendChild(info);
    var title = el("div", "gs-title");
    marked(title, row[0], hit.needles);
    art.appendChild(title);
    if (row[1]) {
      var snip = el("p", "gs-snippet");
      marked(snip, sentence(row[1], hit.needles), hit.needles);
      art.appendChild(snip);
    }
    a.appendChild(art);
    li.appendChild(a);
    return li;
  }

  function statusText(res) {
    if (res.short) return "请至少输入两个字。";
    if (!res.hits.length) return "没有找到结果。换个说法，或少输入几个字试试。";
    var whole = res.hits.filter(function (h) { return h.tier === 3; }).length;
    return "找到 " + res.hits.length + " 条结果" + (whole ? "，其中 " + whole + " 条包含整个搜索词" : "（都不含整个搜索词，按相近程度排列）") + "。";
  }

  // ------------------------------------------------------------------ header box
  function header() {
    var input = document.getElementById("gs-header-q");
    if (!input) return;
    var toggle = document.getElementById("__search"), meta = document.getElementById("gs-header-meta");
    var list = document.getElementById("gs-header-list"), more = document.getElementById("gs-header-all");
    var form = document.getElementById("gs-header-form"), generation = 0;
    var pageUrl = function (q) { return urlFor("search.md") + (q ? "?q=" + encodeURIComponent(q) : ""); };
    function open() { if (toggle && !toggle.checked) toggle.checked = true; }
    function close() { if (toggle) toggle.checked = false; }
    function links() { return Array.from(list.querySelectorAll("a.gs-link")).concat(more.hidden ? [] : [more]); }
    function run() {
      var q = input.value, mine = ++generation;
      if (!q.trim()) { list.textContent = ""; meta.textContent = "输入搜索词（至少两个字）"; more.hidden = true; return Promise.resolve(); }
      return search(q, {}).then(function (res) {
        var top = res.hits.slice(0, HEADER_RESULTS);
        return rows(top).then(function (rs) {
          if (mine !== generation) return;
          list.textContent = "";
          top.forEach(function (h, i) { list.appendChild(resultItem(h, rs[i])); });
          meta.textContent = statusText(res);
          more.hidden = res.hits.length <= HEADER_RESULTS;
          more.textContent = "查看全部 " + res.hits.length + " 条结果";
          more.setAttribute("href", pageUrl(q));
          document.documentElement.dataset.gsQuery = q;
        });
      }).catch(function (err) { meta.textContent = "搜索出错：" + err.message; });
    }
    input.addEventListener("focus", function () { open(); load("meta", 0).catch(function () {}); });
    input.addEventListener("input", run);
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      run().then(function () {
        var first = list.querySelector("a.gs-link");
        location.href = first ? first.href : pageUrl(input.value);
      });
    });
    form.addEventListener("keydown", function (e) {
      var ls = links(), at = ls.indexOf(document.activeElement);
      if (e.key === "ArrowDown" && ls.length) { e.preventDefault(); ls[Math.min(at + 1, ls.length - 1)].focus(); }
      else if (e.key === "ArrowUp" && at >= 0) { e.preventDefault(); (at === 0 ? input : ls[at - 1]).focus(); }
      else if (e.key === "Escape") { e.preventDefault(); close(); input.blur(); }
    });
    list.parentNode.addEventListener("keydown", function (e) {
      var ls = links(), at = ls.indexOf(document.activeElement);
      if (e.key === "ArrowDown" && at >= 0) { e.preventDefault(); ls[Math.min(at + 1, ls.length - 1)].focus(); }
      else if (e.key === "ArrowUp" && at >= 0) { e.preventDefault(); (at === 0 ? input : ls[at - 1]).focus(); }
      else if (e.key === "Escape") { e.preventDefault(); close(); input.focus(); }
    });
    if (toggle) toggle.addEventListener("change", function () { if (toggle.checked) input.focus(); });
    document.addEventListener("keydown", function (e) {
      var t = e.target, typing = t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
      if (!typing && (e.key === "/" || e.key === "s") && !e.ctrlKey && !e.metaKey && !e.altKey) { e.preventDefault(); open(); input.focus(); }
    });
  }

  // ------------------------------------------------------------------ search page
  var FILTERS = ["type", "ch", "dept", "year"];
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
    function state() {
      var f = {};
      FILTERS.forEach(function (k) { f[k] = document.getElementById("gs-" + k).value; });
      return f;
    }
    function remember() {
      var p = new URLSearchParams(), f = state();
      if (input.value) p.set("q", input.value);
      FILTERS.forEach(function (k) { if (f[k]) p.set(k, f[k]); });
      var qs = p.toString();
      history.replaceState(null, "", location.pathname + (qs ? "?" + qs : "") + location.hash);
    }
    function showMore() {
      var next = current.hits.slice(shown, shown + PAGE_RESULTS), mine = generation;
      return rows(next).then(function (rs) {
        if (mine !== generation) return;
        next.forEach(function (h, i) { list.appendChild(resultItem(h, rs[i])); });
        shown += next.length;
        more.hidden = shown >= current.hits.length;
      });
    }
    function run() {
      remember();
      var mine = ++generation;
      if (!input.value.trim()) { list.textContent = ""; status.textContent = "输入搜索词开始搜索。"; more.hidden = true; return Promise.resolve(); }
      return search(input.value, state()).then(function (res) {
        if (mine !== generation) return;
        current = res;
        shown = 0;
        list.textContent = "";
        status.textContent = statusText(res);
        return showMore();
      }).catch(function (err) { status.textContent = "搜索出错：" + err.message; });
    }
    form.addEventListener("submit", function (e) { e.preventDefault(); run(); });
    input.addEventListener("input", run);
    FILTERS.forEach(function (f) { document.getElementById("gs-" + f).addEventListener("change", run); });
    more.addEventListener("click", showMore);
    run();
  }

  window.genheSearch = { search: search, rows: rows, norm: function (t) { return load("meta", 0).then(function () { return norm(t); }); }, urlFor: urlFor };
  function start() { header(); page(); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
